/**
 * What one channel (account) may show of a product: the pure arithmetic of a channel rule.
 *
 *   shown = min(max_quantity, floor(max(0, available − buffer) × allocation% / 100))
 *
 * The order matters and is the one the seller reads in the rule editor: the buffer is kept back
 * first, the allocation share is taken of what remains, and the cap comes last. The result is never
 * negative (an oversold product shows 0), never more than `available`, and never decreases when
 * `available` grows. `danger.ts` computes the same expression in SQL; a test holds the two equal.
 */

/** A channel rule's numbers, as stored in channel_rules. */
export interface ChannelRuleValues {
  /** Units kept back from this channel (≥ 0). */
  buffer: number;
  /** Most this channel may show; null = no cap. */
  maxQuantity: number | null;
  /** Share of what remains after the buffer, 0–100, rounded down. */
  allocationPercent: number;
}

/**
 * The quantity a channel shows for `available` units (on hand − reserved over every warehouse;
 * negative when oversold) under `rule`, or under no rule (everything available).
 */
export function shownQuantity(available: number, rule: ChannelRuleValues | null): number {
  const free = Math.max(0, available);
  if (rule === null) return free;
  // Integers throughout: the product of two safe integers below 2^53 / 100 stays exact.
  const afterBuffer = Math.max(0, free - rule.buffer);
  const allocated = Math.floor((afterBuffer * rule.allocationPercent) / 100);
  return rule.maxQuantity === null ? allocated : Math.min(allocated, rule.maxQuantity);
}
