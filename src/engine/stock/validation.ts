/**
 * Input checks of the stock engine's write functions. Every check runs before the first write, so
 * bad input is refused with InvalidStoreInput (the service answers `invalid_input` with its
 * message) and nothing is half-written.
 */
import { z } from 'zod';
import { InvalidStoreInput } from '../store/errors.js';

export const RowId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** Stock counts: whole units, and small enough that sums over warehouses stay exact. */
export const Count = z
  .number()
  .int()
  .min(0)
  .max(1_000_000_000, 'must be at most 1,000,000,000 units');

/** Parses `value` with `schema`, or throws InvalidStoreInput naming `what` and every problem. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  throw new InvalidStoreInput(`Invalid ${what}: ${problems.join('; ')}`);
}

const IdList = z.array(RowId);

/** Validated, de-duplicated row ids in ascending order. */
export function uniqueIds(ids: readonly number[], what: string): number[] {
  const parsed = parseInput(IdList, ids, what);
  return [...new Set(parsed)].sort((a, b) => a - b);
}
