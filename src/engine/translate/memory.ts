/**
 * Translation memory: one row per (normalised source segment, language pair). An exact match is
 * reused without calling a provider. A reviewed (human) translation wins: a machine result never
 * overwrites it, while a review overwrites a machine one.
 */
import { sql } from 'kysely';
import { qb } from '../store/compiler.js';
import type { Reader, Writer } from '../store/connection.js';
import { inLists } from '../store/values.js';

export interface MemoryHit {
  targetText: string;
  reviewed: boolean;
  provider: string | null;
}

/** Hits by segment hash for one language pair. */
export function lookupMemory(
  r: Reader,
  hashes: readonly string[],
  sourceLocale: string,
  targetLocale: string,
): Map<string, MemoryHit> {
  const out = new Map<string, MemoryHit>();
  for (const chunk of inLists([...new Set(hashes)])) {
    const rows = r.all(
      qb
        .selectFrom('translation_memory')
        .select(['source_hash', 'target_text', 'reviewed', 'provider'])
        .where('source_locale', '=', sourceLocale)
        .where('target_locale', '=', targetLocale)
        .where('source_hash', 'in', chunk),
    );
    for (const row of rows)
      out.set(row.source_hash, {
        targetText: row.target_text,
        reviewed: row.reviewed === 1,
        provider: row.provider,
      });
  }
  return out;
}

export interface MemoryEntry {
  sourceHash: string;
  sourceLocale: string;
  targetLocale: string;
  sourceText: string;
  targetText: string;
  origin: 'machine' | 'human';
  provider: string | null;
}

export function rememberTranslation(w: Writer, entry: MemoryEntry): void {
  const reviewed = entry.origin === 'human' ? 1 : 0;
  w.run(
    qb
      .insertInto('translation_memory')
      .values({
        source_hash: entry.sourceHash,
        source_locale: entry.sourceLocale,
        target_locale: entry.targetLocale,
        source_text: entry.sourceText,
        target_text: entry.targetText,
        origin: entry.origin,
        reviewed,
        provider: entry.provider,
        created_at: w.now(),
      })
      .onConflict((conflict) =>
        conflict
          .columns(['source_hash', 'source_locale', 'target_locale'])
          .doUpdateSet({
            target_text: sql`excluded.target_text`,
            origin: sql`excluded.origin`,
            reviewed: sql`excluded.reviewed`,
            provider: sql`excluded.provider`,
            created_at: sql`excluded.created_at`,
          })
          // A machine result never replaces a reviewed one.
          .where(sql<boolean>`excluded.reviewed = 1 OR translation_memory.reviewed = 0`),
      ),
  );
}
