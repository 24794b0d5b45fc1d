/**
 * Price arithmetic of the workbench's bulk edits, in integer minor units only: percentages are
 * read as hundredths of a percent and applied with BigInt, decimal amounts are parsed per
 * currency by string arithmetic (shared/money.ts), and no float ever holds a price.
 *
 * Price endings. A seller asks for one ending style over listings in many currencies; each
 * currency gets the ending that reads the same way there. A rule is a step and an offset within
 * it, in minor units: a price with the ending is k × step + offset (k ≥ 0, price > 0).
 *
 * | currencies                                   | step        | charm | half | whole |
 * | -------------------------------------------- | ----------- | ----- | ---- | ----- |
 * | two decimals (USD, EUR, GBP, SGD, THB, …)    | 1.00        | .99   | .50  | .00   |
 * | three decimals (KWD, BHD, JOD, OMR, …)       | 1.000       | .990  | .500 | .000  |
 * | four decimals (CLF, UYW)                     | 1.0000      | .9900 | .5000| .0000 |
 * | JPY, ISK and other currencies without minor  | 10          | 9     | 5    | 0     |
 * | units worth about a hundredth of a dollar    |             |       |      |       |
 * | HUF                                          | 100         | 90    | 50   | 00    |
 * | KRW, VND, IDR, COP, CLP, PYG, UGX            | 1,000       | 900   | 500  | 000   |
 *
 * The last three rows are whole-unit prices in practice (IDR, COP and HUF have two decimals in
 * ISO 4217 but are priced in whole units), so their step is in major units: ¥1,289 → ¥1,289,
 * ₩25,300 → ₩25,900, Rp 149.200 → Rp 149.900 when rounded up to the charm ending.
 *
 * Direction: 'up' takes the smallest price with the ending at or above the amount, 'down' the
 * largest at or below it (never below the first positive one), 'nearest' the closer of the two
 * (a tie goes up).
 */
import { currencyExponent } from '../../shared/money.js';

export type PriceEnding = 'charm' | 'half' | 'whole';
export type RoundingDirection = 'up' | 'down' | 'nearest';

interface StepRule {
  /** The step in major units of the currency. */
  majorStep: number;
  /** Charm and half endings as fractions of the step, in hundredths. */
  charm: number;
  half: number;
}

const WHOLE_UNIT_RULES: Readonly<Record<string, StepRule>> = {
  JPY: { majorStep: 10, charm: 90, half: 50 },
  ISK: { majorStep: 10, charm: 90, half: 50 },
  HUF: { majorStep: 100, charm: 90, half: 50 },
  KRW: { majorStep: 1000, charm: 90, half: 50 },
  VND: { majorStep: 1000, charm: 90, half: 50 },
  IDR: { majorStep: 1000, charm: 90, half: 50 },
  COP: { majorStep: 1000, charm: 90, half: 50 },
  CLP: { majorStep: 1000, charm: 90, half: 50 },
  PYG: { majorStep: 1000, charm: 90, half: 50 },
  UGX: { majorStep: 1000, charm: 90, half: 50 },
};

/** The step and the offset of `ending` in minor units of `currency`. */
export function endingRule(
  currency: string,
  ending: PriceEnding,
): { step: number; offset: number } {
  const exponent = currencyExponent(currency);
  const special = WHOLE_UNIT_RULES[currency];
  let step: number;
  let charm: number;
  let half: number;
  if (special) {
    step = special.majorStep * 10 ** exponent;
    charm = (step * special.charm) / 100;
    half = (step * special.half) / 100;
  } else if (exponent === 0) {
    // Currencies without minor units not listed above: priced in whole units, ending in 9.
    step = 10;
    charm = 9;
    half = 5;
  } else {
    step = 10 ** exponent;
    charm = step - step / 100;
    half = step / 2;
  }
  const offset = ending === 'charm' ? charm : ending === 'half' ? half : 0;
  return { step, offset };
}

/** The price with the currency's `ending` next to `amountMinor` (see the module comment). */
export function roundToEnding(
  amountMinor: number,
  currency: string,
  ending: PriceEnding,
  direction: RoundingDirection,
): number {
  const { step, offset } = endingRule(currency, ending);
  // The first positive price with the ending: the offset itself, or one step when it is zero.
  const first = offset > 0 ? offset : step;
  const below = Math.floor((amountMinor - offset) / step) * step + offset;
  const down = below >= first ? below : first;
  const up = below >= amountMinor ? below : below + step;
  const upward = up >= first ? up : first;
  if (direction === 'up') return upward;
  if (direction === 'down') return down;
  return amountMinor - down < upward - amountMinor ? down : upward;
}

/** "5" → 500, "-12.5" → -1250: hundredths of a percent, parsed by string arithmetic. */
export function parsePercentHundredths(text: string): number {
  const match = /^\s*(-)?(\d{1,4})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a percentage`);
  const [, sign, whole = '0', fraction = ''] = match;
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign ? -value : value;
}

/** `amountMinor` changed by `hundredths` hundredths of a percent, rounded half away from zero. */
export function applyPercent(amountMinor: number, hundredths: number): number {
  const scaled = BigInt(amountMinor) * BigInt(10_000 + hundredths);
  const negative = scaled < 0n;
  const magnitude = negative ? -scaled : scaled;
  const rounded = (magnitude + 5_000n) / 10_000n;
  return Number(negative ? -rounded : rounded);
}
