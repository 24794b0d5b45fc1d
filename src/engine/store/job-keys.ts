/**
 * Idempotency keys for outbox jobs: UUIDs of version 7 (RFC 9562), whose first 48 bits are the
 * time in milliseconds. Keys made one after another sort one after another, so the outbox's unique
 * index takes them at its end instead of at random places: for a bulk edit of 10,000 listings,
 * random (version 4) keys cost more than all the rest of the change batch.
 */
import { randomFillSync } from 'node:crypto';

/** Random bytes drawn in blocks: one system call per 512 keys rather than one per key. */
const POOL = new Uint8Array(4096);
let used = POOL.length;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
let lastMs = 0;
let sequence = 0;

function randomBytes(count: number): number {
  if (used + count > POOL.length) {
    randomFillSync(POOL);
    used = 0;
  }
  const at = used;
  used += count;
  return at;
}

/** A new version-7 UUID; within one millisecond a 12-bit counter keeps later keys larger. */
export function newJobKey(now: number = Date.now()): string {
  const ms = Math.max(now, lastMs);
  sequence = ms === lastMs ? sequence + 1 : 0;
  if (sequence > 0xfff) {
    // 4,096 keys in one millisecond: borrow the next millisecond rather than lose the order.
    return newJobKey(ms + 1);
  }
  lastMs = ms;
  const high = Math.floor(ms / 0x10000);
  const low = ms % 0x10000;
  const at = randomBytes(8);
  const time =
    HEX[(high >>> 24) & 0xff]! +
    HEX[(high >>> 16) & 0xff]! +
    HEX[(high >>> 8) & 0xff]! +
    HEX[high & 0xff]! +
    '-' +
    HEX[low >>> 8]! +
    HEX[low & 0xff]!;
  const version = HEX[0x70 | (sequence >> 8)]! + HEX[sequence & 0xff]!;
  let tail = HEX[0x80 | (POOL[at]! & 0x3f)]! + HEX[POOL[at + 1]!]! + '-';
  for (let index = 2; index < 8; index++) tail += HEX[POOL[at + index]!]!;
  return `${time}-${version}-${tail}`;
}
