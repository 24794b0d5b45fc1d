/** The glossary's rows (table glossary_terms from 0001): list, save (insert or update), delete. */
import { qb } from '../store/compiler.js';
import type { Reader, Writer } from '../store/connection.js';
import type { GlossaryTerm } from './glossary.js';

export interface GlossaryRow extends GlossaryTerm {
  id: number;
  updatedAt: string;
}

export function listGlossary(r: Reader): GlossaryRow[] {
  return r
    .all(qb.selectFrom('glossary_terms').selectAll().orderBy('term').orderBy('locale'))
    .map((row) => ({
      id: row.id,
      term: row.term,
      locale: row.locale,
      translation: row.translation,
      doNotTranslate: row.do_not_translate === 1,
      updatedAt: row.updated_at,
    }));
}

/** Inserts or updates (by id) one term; a do-not-translate term carries no translation. */
export function saveGlossaryTerm(
  w: Writer,
  term: GlossaryTerm & { id?: number | undefined },
): number {
  const now = w.now();
  const values = {
    term: term.term,
    locale: term.locale,
    translation: term.doNotTranslate ? null : term.translation,
    do_not_translate: term.doNotTranslate ? 1 : 0,
    updated_at: now,
  } as const;
  if (term.id !== undefined) {
    w.expectOne(
      w.run(qb.updateTable('glossary_terms').set(values).where('id', '=', term.id)),
      `glossary term ${term.id}`,
    );
    return term.id;
  }
  return w.run(qb.insertInto('glossary_terms').values({ ...values, created_at: now }))
    .lastInsertRowid;
}

export function deleteGlossaryTerm(w: Writer, id: number): boolean {
  return w.run(qb.deleteFrom('glossary_terms').where('id', '=', id)).changes > 0;
}
