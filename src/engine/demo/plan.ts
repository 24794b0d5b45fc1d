/**
 * Which SKUs each shop lists. The plan is numbers only — per account, the (master, variant) pairs of
 * its listings in typed arrays — so even at 100k listings it costs a few hundred kilobytes, and both
 * the listing pages and the order lines read it instead of holding listing objects.
 *
 * (account, master) pairs are visited in a pseudo-random order (an affine permutation of the pair
 * index), each shop keeping a pair with its coverage probability and listing all or some of the
 * master's variants, until the requested listing count is reached exactly. A few listings per shop
 * are "unlinked": their SKU matches no product, as happens with old or hand-made listings.
 */
import { hashSeed, Random, Stream } from './random.js';
import { DEMO_SITES } from './sites.js';

/** Share of listings whose SKU matches no master SKU. */
const UNLINKED_SHARE = 0.03;

export interface AccountPlan {
  /** Master index of each listing, or -(serial + 1) for an unlinked listing. */
  masters: Int32Array;
  /** Variant index within the master (0 for a master without variants and for unlinked listings). */
  variants: Int16Array;
}

export interface ListingPlan {
  accounts: AccountPlan[];
  total: number;
}

function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** A step coprime with `size` near the golden ratio of it, so consecutive pairs land far apart. */
function coprimeStep(size: number): number {
  let step = Math.max(1, Math.floor(size * 0.618_034)) | 1;
  while (greatestCommonDivisor(step, size) !== 1) step += 2;
  return step;
}

export function planListings(seed: number, unitCounts: Uint8Array, target: number): ListingPlan {
  const accountCount = DEMO_SITES.length;
  const pairCount = accountCount * unitCounts.length;
  const step = coprimeStep(pairCount);
  const offset = pairCount === 0 ? 0 : hashSeed(seed, Stream.plan) % pairCount;
  const masters: number[][] = DEMO_SITES.map(() => []);
  const variants: number[][] = DEMO_SITES.map(() => []);
  const unlinkedSerials = new Array<number>(accountCount).fill(0);
  let placed = 0;

  for (let pair = 0; pair < pairCount && placed < target; pair += 1) {
    const position = (pair * step + offset) % pairCount;
    const account = position % accountCount;
    const master = Math.floor(position / accountCount);
    const random = Random.for(seed, Stream.plan, account, master);
    const accountMasters = masters[account] as number[];
    const accountVariants = variants[account] as number[];
    if (random.chance(UNLINKED_SHARE)) {
      const serial = unlinkedSerials[account] ?? 0;
      unlinkedSerials[account] = serial + 1;
      accountMasters.push(-(serial + 1));
      accountVariants.push(0);
      placed += 1;
      if (placed >= target) break;
    }
    if (!random.chance((DEMO_SITES[account]?.coverage ?? 0) / 100)) continue;
    const units = unitCounts[master] ?? 1;
    // Most shops list every variation; some only the colours that sell there.
    const listed = random.chance(0.85) ? units : random.int(1, units);
    for (let variant = 0; variant < listed && placed < target; variant += 1) {
      accountMasters.push(master);
      accountVariants.push(variant);
      placed += 1;
    }
  }

  if (placed < target) {
    throw new RangeError(
      `Cannot plan ${target} listings from ${unitCounts.length} master SKUs on ${accountCount} shops ` +
        `(room for ${placed}); raise the number of master SKUs`,
    );
  }
  return {
    total: placed,
    accounts: masters.map((list, account) => ({
      masters: Int32Array.from(list),
      variants: Int16Array.from(variants[account] ?? []),
    })),
  };
}
