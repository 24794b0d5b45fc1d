/**
 * Where each kind of "needs your attention" item of a sync report is dealt with. Conflicts and
 * drift are settled in the Conflicts view and refused edits in Pending changes (the workbench's
 * routes); shops in Accounts; oversold SKUs in Inventory; refused shipments in Orders.
 */
export const ATTENTION_ROUTES: Readonly<Record<string, string>> = {
  conflict: '#/listings/conflicts',
  drift: '#/listings/conflicts',
  rejected: '#/listings/pending',
  reauthorize: '#/accounts',
  offline: '#/accounts',
  oversell: '#/inventory',
  unlinked_sku: '#/listings',
  shipment_failed: '#/orders',
  quota: '#/accounts',
  run_out: '#/insights',
};

/** Kinds the report may name; anything else is shown as "other". */
export const ATTENTION_KINDS = [
  'conflict',
  'drift',
  'rejected',
  'reauthorize',
  'offline',
  'oversell',
  'unlinked_sku',
  'shipment_failed',
  'stream_failed',
  'push_failed',
  'quota',
  'run_failed',
  'invalid_payload',
  'unknown_value',
  'missing',
  'more_problems',
  'run_out',
] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number] | 'other';

export function attentionKind(kind: string): AttentionKind {
  return (ATTENTION_KINDS as readonly string[]).includes(kind) ? (kind as AttentionKind) : 'other';
}

/** Attention items counted by kind, in the order of ATTENTION_KINDS, "other" last. */
export function countByKind(items: readonly { kind: string }[]): [AttentionKind, number][] {
  const counts = new Map<AttentionKind, number>();
  for (const item of items) {
    const kind = attentionKind(item.kind);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...ATTENTION_KINDS, 'other' as const]
    .filter((kind) => counts.has(kind))
    .map((kind) => [kind, counts.get(kind)!]);
}
