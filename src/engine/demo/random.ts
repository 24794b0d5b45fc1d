/**
 * Deterministic randomness for the demo data. Every generated item (a product, a listing, an order)
 * gets its own small PRNG seeded by hashing the run's seed with the item's coordinates, so an item
 * is a pure function of (seed, coordinates): pages can be produced in any size and order, and an
 * order line can re-derive the listing it sells without the listing being kept in memory.
 *
 * The generator is mulberry32 (32-bit state, full period 2^32): plenty for demo data, tiny and fast.
 * Nothing here is fit for cryptography, and nothing needs to be.
 */

/** Alphabets of the marketplaces' id formats. */
export const HEX_DIGITS = '0123456789abcdef';
export const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Stream tags keep the hashes of different item kinds apart even for equal coordinates. */
export const Stream = {
  account: 0x1a2b01,
  product: 0x1a2b02,
  variant: 0x1a2b03,
  plan: 0x1a2b04,
  listing: 0x1a2b05,
  order: 0x1a2b06,
  unlinked: 0x1a2b07,
} as const;

/** Final avalanche of MurmurHash3: every input bit flips about half of the output bits. */
function avalanche(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes a seed with integer coordinates into one 32-bit seed. */
export function hashSeed(seed: number, ...parts: number[]): number {
  let h = avalanche(seed ^ 0x5bd1e995);
  for (const part of parts) {
    // Coordinates may exceed 32 bits (never in practice, but keep both halves if they do).
    const low = part >>> 0;
    const high = Math.floor(part / 0x1_0000_0000) >>> 0;
    h = avalanche((h ^ low) + 0x9e3779b9 + (high << 6));
  }
  return h;
}

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Seeded from the run's seed and an item's coordinates (see the module comment). */
  static for(seed: number, ...parts: number[]): Random {
    return new Random(hashSeed(seed, ...parts));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Random.pick needs at least one item');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by integer weights, e.g. `weighted([['a', 3], ['b', 1]])` gives 'a' three times as often. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new RangeError('Random.weighted needs at least one entry');
    return last[0];
  }

  /** `count` distinct items in random order (partial Fisher–Yates on a copy). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const take = Math.min(count, copy.length);
    for (let i = 0; i < take; i += 1) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const swap = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = swap;
    }
    return copy.slice(0, take);
  }

  /** A string of `length` characters drawn from `alphabet`. */
  characters(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1)
      out += alphabet.charAt(Math.floor(this.next() * alphabet.length));
    return out;
  }

  digits(length: number): string {
    return this.characters('0123456789', length);
  }
}

/** Integer division rounded half up, for non-negative integers: money math without floats. */
export function divideRounded(numerator: number, denominator: number): number {
  if (
    !Number.isSafeInteger(numerator) ||
    !Number.isSafeInteger(denominator) ||
    numerator < 0 ||
    denominator <= 0
  ) {
    throw new RangeError(
      `divideRounded needs non-negative safe integers, got ${numerator} / ${denominator}`,
    );
  }
  // `%` and the division of an exact multiple are exact on safe integers, unlike a plain `/`.
  const remainder = numerator % denominator;
  const quotient = (numerator - remainder) / denominator;
  return remainder * 2 >= denominator ? quotient + 1 : quotient;
}

/**
 * A bijection on [0, modulus): ids that embed an item's index (which keeps them unique) without
 * looking like a counter. Needs gcd(multiplier, modulus) = 1; 7919 is prime and not 2, 3 or 5,
 * so it suits every power-of-ten, power-of-two and base-36 modulus used for ids.
 */
export function scramble(index: number, modulus: number): number {
  if (!Number.isSafeInteger(index) || index < 0 || index >= modulus) {
    throw new RangeError(`Cannot scramble ${index} into [0, ${modulus})`);
  }
  return (index * 7919 + 104_729) % modulus;
}
