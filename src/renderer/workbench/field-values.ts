/**
 * How a listing field's value reads on screen: prices as money in the listing's currency (the
 * engine sends minor units), counts as numbers, statuses in words, lists joined. Used by the
 * bulk preview, the pending changes and the conflicts alike.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { LISTING_STATUSES, type ListingStatus } from '../../shared/domain.js';
import { isCurrencyCode } from '../../shared/money.js';
import { useEnumLabel } from '../components/Badge.js';
import { NO_VALUE } from '../i18n/format.js';
import { useFormat } from '../settings/SettingsProvider.js';

export const FIELD_NAMES = [
  'title',
  'description',
  'bulletPoints',
  'keywords',
  'priceMinor',
  'currency',
  'quantity',
  'status',
  'buffer',
  'languages',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export const isFieldName = (field: string): field is FieldName =>
  (FIELD_NAMES as readonly string[]).includes(field);

const isStatus = (value: unknown): value is ListingStatus =>
  typeof value === 'string' && (LISTING_STATUSES as readonly string[]).includes(value);

/** A two-language site's texts (the job's `languages`): each language's title after its code. */
export function languageTitles(entries: readonly unknown[]): string {
  return entries
    .map((entry) => {
      if (typeof entry !== 'object' || entry === null) return String(entry);
      const { locale, title } = entry as { locale?: unknown; title?: unknown };
      return `${typeof locale === 'string' ? locale : '?'}: ${typeof title === 'string' ? title : NO_VALUE}`;
    })
    .join(' · ');
}

export function useFieldValue() {
  const format = useFormat();
  const label = useEnumLabel();
  return useCallback(
    (field: string, value: unknown, currency: string): string => {
      if (value === null || value === undefined) return NO_VALUE;
      if (field === 'priceMinor' && typeof value === 'number' && isCurrencyCode(currency)) {
        return format.money({ amountMinor: value, currency });
      }
      if (typeof value === 'number') return format.number(value);
      if (field === 'status' && isStatus(value)) return label('listingStatus', value);
      if (field === 'languages' && Array.isArray(value)) return languageTitles(value);
      if (Array.isArray(value)) return value.map(String).join(' · ');
      return typeof value === 'string' ? value : JSON.stringify(value);
    },
    [format, label],
  );
}

/** The translated name of a listing field. */
export function useFieldName() {
  const { t } = useTranslation();
  return useCallback(
    (field: string): string => (isFieldName(field) ? t(`workbench.fields.${field}`) : field),
    [t],
  );
}
