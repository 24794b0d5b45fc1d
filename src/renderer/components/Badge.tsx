/** Translated, colour-coded labels for the domain's enumerations. */
import { useCallback } from 'react';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import type {
  AuthState,
  ListingStatus,
  Marketplace,
  OrderStatus,
  SyncRunState,
  SyncState,
  TextReviewState,
} from '../../shared/domain.js';
import type { Shipment, SyncRunSummary, TranslationRow } from '../../shared/api/index.js';

export type Tone = 'good' | 'warn' | 'bad' | 'info' | 'neutral' | 'sandbox';

export interface EnumKinds {
  listingStatus: ListingStatus;
  syncState: SyncState;
  orderStatus: OrderStatus;
  authState: AuthState;
  reviewState: TextReviewState;
  runState: SyncRunState;
  shipmentState: Shipment['state'];
  trigger: SyncRunSummary['trigger'];
  origin: NonNullable<TranslationRow['origin']>;
  marketplace: Marketplace;
}

export type EnumKind = keyof EnumKinds;

const TONES: { [K in EnumKind]: Record<EnumKinds[K], Tone> } = {
  listingStatus: {
    active: 'good',
    inactive: 'neutral',
    draft: 'info',
    deleted: 'neutral',
    error: 'bad',
  },
  syncState: { synced: 'good', pending: 'info', conflict: 'bad', drift: 'warn', rejected: 'bad' },
  orderStatus: {
    unpaid: 'warn',
    to_ship: 'info',
    shipped: 'good',
    delivered: 'good',
    cancelled: 'neutral',
    returned: 'warn',
    unknown: 'neutral',
  },
  authState: { connected: 'good', expiring: 'warn', reauthorize: 'bad', disconnected: 'bad' },
  reviewState: {
    missing: 'bad',
    machine: 'warn',
    reviewed: 'info',
    published: 'good',
    stale: 'warn',
  },
  runState: {
    running: 'info',
    succeeded: 'good',
    partial: 'warn',
    failed: 'bad',
    cancelled: 'neutral',
  },
  shipmentState: { pending: 'info', confirmed: 'good', failed: 'bad' },
  trigger: { manual: 'neutral', schedule: 'neutral', cli: 'neutral' },
  origin: { machine: 'warn', human: 'good' },
  marketplace: {
    amazon: 'neutral',
    ebay: 'neutral',
    aliexpress: 'neutral',
    wish: 'neutral',
    shopee: 'neutral',
  },
};

/** The translated word for an enum value, for places that need text rather than a badge. */
export function useEnumLabel() {
  const { t } = useTranslation();
  return useCallback(
    <K extends EnumKind>(kind: K, value: EnumKinds[K]): string =>
      // Every kind × value pair has a key: locales.test.ts checks them against the domain lists.
      t(`enums.${kind}.${value}` as ParseKeys),
    [t],
  );
}

export function EnumBadge<K extends EnumKind>({ kind, value }: { kind: K; value: EnumKinds[K] }) {
  const label = useEnumLabel();
  const tone = (TONES[kind] as Record<string, Tone>)[value] ?? 'neutral';
  return <span className={`badge tone-${tone}`}>{label(kind, value)}</span>;
}

export function Badge({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`badge tone-${tone}`}>{children}</span>;
}
