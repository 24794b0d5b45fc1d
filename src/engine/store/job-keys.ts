/**
 * Idempotency keys for outbox jobs: UUIDs of version 7 (RFC 9562), whose first 48 bits are the
 * time in milliseconds. Keys made one after another sort one after another, so the outbox's unique
 * index takes them at its end instead of at random places: for a bulk edit of 10,000 listings,
 * random (version 4) keys cost more than all the rest of the change batch.
 */
import { randomFillSync } from 'node:crypto';

const random = new Uint8Array(10);
let lastMs = 0;
let sequence = 0;

/** A new version-7 UUID; within one millisecond a 12-bit counter keeps later keys larger. */
export function newJobKey(now: number = Date.now()): string {
  const ms = Math.max(now, lastMs);
  sequence = ms === lastMs ? sequence + 1 : 0;
  if (sequence > 0xfff) {
    // 4,096 keys in one millisecond: borrow the next millisecond rather than lose the order.
    return newJobKey(ms + 1);
  }
  lastMs = ms;
  randomFillSync(random);
  const bytes = new Uint8Array(16);
  for (let index = 0; index < 6; index++)
    bytes[index] = Math.floor(ms / 2 ** (8 * (5 - index))) & 0xff;
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (random[0]! & 0x3f);
  bytes.set(random.subarray(1, 8), 9);
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
