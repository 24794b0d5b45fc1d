/**
 * Domain vocabulary shared by every process. Values are stored in SQLite as text under CHECK
 * constraints, so adding, renaming or removing a member needs a migration that rebuilds the check.
 */
import { z } from 'zod';

export const MARKETPLACES = ['amazon', 'ebay', 'aliexpress', 'wish', 'shopee'] as const;
export const Marketplace = z.enum(MARKETPLACES);
export type Marketplace = z.infer<typeof Marketplace>;

/** Where an account's authorisation stands; `reauthorize` means the seller must act. */
export const AUTH_STATES = ['connected', 'expiring', 'reauthorize', 'disconnected'] as const;
export const AuthState = z.enum(AUTH_STATES);
export type AuthState = z.infer<typeof AuthState>;

export const LISTING_STATUSES = ['active', 'inactive', 'draft', 'deleted', 'error'] as const;
export const ListingStatus = z.enum(LISTING_STATUSES);
export type ListingStatus = z.infer<typeof ListingStatus>;

/** How a listing stands against its marketplace (see ARCHITECTURE.md, data flow). */
export const SYNC_STATES = ['synced', 'pending', 'conflict', 'drift', 'rejected'] as const;
export const SyncState = z.enum(SYNC_STATES);
export type SyncState = z.infer<typeof SyncState>;

/** One status vocabulary over every marketplace's own; the raw status is kept beside it. */
export const ORDER_STATUSES = [
  'unpaid',
  'to_ship',
  'shipped',
  'delivered',
  'cancelled',
  'returned',
  'unknown',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const TEXT_REVIEW_STATES = ['missing', 'machine', 'reviewed', 'published', 'stale'] as const;
export const TextReviewState = z.enum(TEXT_REVIEW_STATES);
export type TextReviewState = z.infer<typeof TextReviewState>;

export const OUTBOX_STATES = [
  /** Waiting for the seller to push it (workbench edits are reviewed before they leave). */
  'held',
  'pending',
  'in_flight',
  'done',
  'failed',
  'conflict',
  'cancelled',
] as const;
export const OutboxState = z.enum(OUTBOX_STATES);
export type OutboxState = z.infer<typeof OutboxState>;

export const SYNC_RUN_STATES = ['running', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
export const SyncRunState = z.enum(SYNC_RUN_STATES);
export type SyncRunState = z.infer<typeof SyncRunState>;

export const UI_LOCALES = ['en', 'zh-CN'] as const;
export const UiLocale = z.enum(UI_LOCALES);
export type UiLocale = z.infer<typeof UiLocale>;

export const THEMES = ['light', 'dark', 'system'] as const;
export const Theme = z.enum(THEMES);
export type Theme = z.infer<typeof Theme>;
