/**
 * Exact arithmetic for money: every amount is an integer count of minor units and every rate or
 * percentage is a decimal string or an exact ratio of BigInts. Nothing here ever holds a float, so
 * a chain of conversions and percentages rounds exactly once, where the result becomes money.
 *
 * Rounding is half-even ("banker's rounding") wherever money is split or converted: over many
 * rows the halves go up as often as down, so totals do not drift.
 */

/** An exact non-negative-denominator fraction: numerator / denominator. */
export interface Ratio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * "7.1345" → 71345 / 10000. Only plain positive decimals are accepted (no sign, exponent or
 * grouping): rates come from feeds and forms and anything else is a mistake to refuse loudly.
 */
export function parseDecimalRatio(text: string): Ratio {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new RangeError(`"${text}" is not a plain decimal number`);
  const [, whole = '0', fraction = ''] = match;
  const numerator = BigInt(whole + fraction);
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

/** Like parseDecimalRatio, but a rate must be strictly positive. */
export function parseRate(text: string): Ratio {
  const ratio = parseDecimalRatio(text);
  if (ratio.numerator === 0n) throw new RangeError(`rate "${text}" must be greater than zero`);
  return ratio;
}

export function multiplyRatios(a: Ratio, b: Ratio): Ratio {
  return reduce({
    numerator: a.numerator * b.numerator,
    denominator: a.denominator * b.denominator,
  });
}

export function invertRatio(ratio: Ratio): Ratio {
  if (ratio.numerator === 0n) throw new RangeError('cannot invert a zero rate');
  return { numerator: ratio.denominator, denominator: ratio.numerator };
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Keeps chained ratios small; the value is unchanged. */
export function reduce(ratio: Ratio): Ratio {
  const divisor = gcd(ratio.numerator, ratio.denominator);
  if (divisor <= 1n) return ratio;
  return { numerator: ratio.numerator / divisor, denominator: ratio.denominator / divisor };
}

/** numerator / denominator rounded to the nearest integer, a tie to the even one. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  const twiceRemainder = (n % d) * 2n;
  if (twiceRemainder > d || (twiceRemainder === d && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** numerator / denominator rounded up (towards +∞). */
export function divideCeiling(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const n = denominator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d;
  return n % d > 0n ? quotient + 1n : quotient;
}

/** A BigInt back to a safe-integer Number, or a RangeError (never a silently wrong amount). */
export function toSafeNumber(value: bigint, what: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`${what} is out of range`);
  return number;
}

/** amountMinor × ratio, rounded half-even to whole minor units. */
export function multiplyMinor(amountMinor: number, ratio: Ratio): number {
  return toSafeNumber(
    divideHalfEven(BigInt(amountMinor) * ratio.numerator, ratio.denominator),
    'amount',
  );
}

/** amountMinor × basisPoints / 10 000 (basis points: 1 bp = 0.01 %), rounded half-even. */
export function basisPointsOf(amountMinor: number, basisPoints: number): number {
  if (!Number.isSafeInteger(basisPoints)) throw new RangeError('basis points must be an integer');
  return toSafeNumber(
    divideHalfEven(BigInt(amountMinor) * BigInt(basisPoints), 10_000n),
    'percentage',
  );
}

/**
 * Splits `amountMinor` into parts proportional to `weights` that sum to it exactly: each part is
 * first rounded down, then the leftover minor units go to the largest remainders (ties to the
 * earlier part), so no cent is lost or invented.
 */
export function allocate(amountMinor: number, weights: readonly number[]): number[] {
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  if (weights.some((weight) => !Number.isSafeInteger(weight) || weight < 0)) {
    throw new RangeError('weights must be non-negative integers');
  }
  const total = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (total === 0n) throw new RangeError('weights must not all be zero');
  const amount = BigInt(amountMinor);
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const shares = weights.map((weight) => {
    const scaled = magnitude * BigInt(weight);
    return { floor: scaled / total, remainder: scaled % total };
  });
  let leftover = magnitude - shares.reduce((sum, share) => sum + share.floor, 0n);
  const order = shares
    .map((share, index) => ({ index, remainder: share.remainder }))
    .sort((a, b) =>
      a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
    );
  const parts = shares.map((share) => share.floor);
  for (const { index } of order) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return parts.map((part) => toSafeNumber(negative ? -part : part, 'allocated part'));
}

/**
 * A ratio as a plain decimal string with at most `places` decimals (half-even), trailing zeros
 * trimmed: for showing a cross rate, never for computing with it.
 */
export function ratioToDecimalString(ratio: Ratio, places = 8): string {
  const scale = 10n ** BigInt(places);
  const scaled = divideHalfEven(ratio.numerator * scale, ratio.denominator);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Normalises a decimal string for the store: "07.50" → "7.5"; refuses zero and non-decimals. */
export function normalizeRateText(text: string): string {
  const ratio = parseRate(text);
  const match = DECIMAL.exec(text.trim());
  const fractionLength = match?.[2]?.length ?? 0;
  return ratioToDecimalString(ratio, fractionLength);
}
