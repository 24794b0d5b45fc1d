import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { divideRounded, hashSeed, Random, scramble } from './random.js';

describe('Random', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const sequence = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(sequence(42)).toEqual(sequence(42));
    expect(sequence(42)).not.toEqual(sequence(43));
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const random = new Random(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i += 1) {
      const value = random.int(3, 6);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThanOrEqual(6);
      seen.add(value);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('samples distinct items and never more than there are', () => {
    const random = new Random(9);
    const picked = random.sample(['a', 'b', 'c', 'd'], 3);
    expect(new Set(picked).size).toBe(3);
    expect(random.sample(['a', 'b'], 5)).toHaveLength(2);
  });

  it('refuses to pick from nothing', () => {
    expect(() => new Random(1).pick([])).toThrow(RangeError);
    expect(() => new Random(1).weighted([])).toThrow(RangeError);
  });
});

describe('hashSeed', () => {
  it('separates coordinates, including their order', () => {
    expect(hashSeed(1, 2, 3)).toBe(hashSeed(1, 2, 3));
    expect(hashSeed(1, 2, 3)).not.toBe(hashSeed(1, 3, 2));
    expect(hashSeed(1, 2, 3)).not.toBe(hashSeed(2, 2, 3));
    const values = new Set(Array.from({ length: 10_000 }, (_, index) => hashSeed(5, index)));
    expect(values.size).toBe(10_000);
  });
});

describe('divideRounded', () => {
  it('rounds half up on integers', () => {
    expect(divideRounded(5, 2)).toBe(3);
    expect(divideRounded(4, 3)).toBe(1);
    expect(divideRounded(5, 3)).toBe(2);
    expect(divideRounded(0, 7)).toBe(0);
  });

  it('matches exact rational rounding for any safe non-negative operands', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 50n }),
        fc.bigInt({ min: 1n, max: 2n ** 20n }),
        (numerator, denominator) => {
          const expected = (numerator * 2n + denominator) / (denominator * 2n);
          expect(divideRounded(Number(numerator), Number(denominator))).toBe(Number(expected));
        },
      ),
    );
  });

  it('refuses negatives, fractions and a zero divisor', () => {
    expect(() => divideRounded(-1, 2)).toThrow(RangeError);
    expect(() => divideRounded(1.5, 2)).toThrow(RangeError);
    expect(() => divideRounded(1, 0)).toThrow(RangeError);
  });
});

describe('scramble', () => {
  it('is a bijection on each id modulus it is used with', () => {
    for (const modulus of [1_000, 36 ** 3, 4_096, 9_000]) {
      const images = new Set(
        Array.from({ length: modulus }, (_, index) => scramble(index, modulus)),
      );
      expect(images.size).toBe(modulus);
      expect(Math.max(...images)).toBeLessThan(modulus);
    }
  });

  it('refuses an index outside the modulus', () => {
    expect(() => scramble(10, 10)).toThrow(RangeError);
    expect(() => scramble(-1, 10)).toThrow(RangeError);
  });
});
