/**
 * Glossary protection through a provider round trip. Do-not-translate terms (brands, model
 * numbers, SKUs) and forced per-locale translations are taken out of the provider's hands before
 * a text is sent and put back afterwards from our own table, so what arrives is byte-exact,
 * whatever the provider did to the spelling, spacing or case inside the protected span.
 *
 * Each provider gets the mechanism it documents:
 * - `xml`: DeepL's `ignore_tags` — the term travels as `<x id="N">term</x>` with tag handling on;
 * - `notranslate`: Google's and Azure's HTML mode skip `<span class="notranslate">`;
 * - `placeholder`: providers with no such switch (LibreTranslate, chat models) see `{{N}}`, and
 *   HTML tags travel as placeholders too, so a model cannot rewrite them.
 * Restoration is checked: every protected span must come back exactly once and an HTML text must
 * keep its tags, or the text fails with GlossaryRoundTripError instead of arriving damaged.
 */
import { sameLanguage } from './locales.js';

export interface GlossaryTerm {
  term: string;
  /** null: every locale. */
  locale: string | null;
  /** The forced translation in `locale`; null for a do-not-translate term. */
  translation: string | null;
  doNotTranslate: boolean;
}

export type ProtectionMode = 'xml' | 'notranslate' | 'placeholder';
export type TextKind = 'text' | 'html';

export interface ProtectedText {
  /** What the provider receives. */
  sent: string;
  /** How many spans are protected (terms, and tags in placeholder mode). */
  protectedCount: number;
  /** Puts the protected spans back; throws GlossaryRoundTripError when the provider lost one. */
  restore(reply: string): string;
}

export class GlossaryRoundTripError extends Error {
  override readonly name = 'GlossaryRoundTripError';
}

const TAG = /<[^>]*>/g;
const EXISTING_PLACEHOLDER = /\{\{\s*\d+\s*\}\}/g;
const MARK = '\u0000';

/** The terms that apply to a target locale: do-not-translate everywhere, forced ones in theirs. */
export function termsFor(terms: readonly GlossaryTerm[], target: string): GlossaryTerm[] {
  return terms.filter((term) =>
    term.doNotTranslate
      ? term.locale === null || sameLanguage(term.locale, target)
      : term.translation !== null && term.locale !== null && sameLanguage(term.locale, target),
  );
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const SPACED_SCRIPT = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}]/u;

/**
 * A term matches only as a whole word where its edge is in a script that spaces its words
 * ("Pro" is not found inside "Product"); Chinese, Japanese and Thai terms match anywhere.
 */
function isBoundary(text: string, index: number, edge: string): boolean {
  if (!SPACED_SCRIPT.test(edge)) return true;
  const neighbour = text[index];
  return neighbour === undefined || !WORD_CHAR.test(neighbour);
}

interface Match {
  start: number;
  end: number;
  replacement: string;
}

/** Non-overlapping term matches in a plain stretch of text, longest term first. */
function findTerms(text: string, terms: readonly GlossaryTerm[]): Match[] {
  const ordered = [...terms].sort((a, b) => b.term.length - a.term.length);
  const taken: Match[] = [];
  for (const term of ordered) {
    if (term.term.length === 0) continue;
    let from = 0;
    for (;;) {
      const start = text.indexOf(term.term, from);
      if (start < 0) break;
      const end = start + term.term.length;
      from = start + 1;
      if (!isBoundary(text, start - 1, term.term[0] ?? '')) continue;
      if (!isBoundary(text, end, term.term[term.term.length - 1] ?? '')) continue;
      if (taken.some((match) => start < match.end && end > match.start)) continue;
      taken.push({
        start,
        end,
        replacement: term.doNotTranslate ? term.term : (term.translation ?? term.term),
      });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

/** The text split into markup and text pieces (plain text is one text piece). */
function pieces(text: string, kind: TextKind): { markup: boolean; value: string }[] {
  if (kind === 'text') return [{ markup: false, value: text }];
  const out: { markup: boolean; value: string }[] = [];
  let last = 0;
  for (const match of text.matchAll(TAG)) {
    if (match.index > last) out.push({ markup: false, value: text.slice(last, match.index) });
    out.push({ markup: true, value: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ markup: false, value: text.slice(last) });
  return out;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Tag names in order of kind (`p`, `/p`), sorted: a translation may move tags, not lose them. */
function tagNames(html: string): string[] {
  return [...html.matchAll(/<\s*(\/?)\s*([A-Za-z][\w:-]*)/g)]
    .map((match) => `${match[1]}${(match[2] ?? '').toLowerCase()}`)
    .sort();
}

function wrap(mode: ProtectionMode, id: number, value: string): string {
  if (mode === 'xml') return `<x id="${id}">${escapeXml(value)}</x>`;
  if (mode === 'notranslate')
    return `<span class="notranslate" id="p${id}">${escapeXml(value)}</span>`;
  return `{{${id}}}`;
}

const WRAPPED: Record<ProtectionMode, RegExp> = {
  xml: /<x\b[^>]*\bid\s*=\s*["']?(\d+)["']?[^>]*>[\s\S]*?<\/x\s*>/g,
  notranslate: /<span\b[^>]*\bid\s*=\s*["']?p(\d+)["']?[^>]*>[\s\S]*?<\/span\s*>/g,
  placeholder: /\{\{\s*(\d+)\s*\}\}/g,
};

/**
 * Prepares `text` for a provider using `mode`. Plain text sent to a markup mode is escaped (the
 * provider reads it as XML/HTML) and unescaped on the way back.
 */
export function protect(
  text: string,
  kind: TextKind,
  terms: readonly GlossaryTerm[],
  mode: ProtectionMode,
): ProtectedText {
  if (text.includes(MARK)) throw new GlossaryRoundTripError('the text contains a NUL character');
  const originals: string[] = [];
  const hold = (value: string) => {
    originals.push(value);
    return wrap(mode, originals.length - 1, value);
  };
  let sent = '';
  for (const piece of pieces(text, kind)) {
    if (piece.markup) {
      sent += mode === 'placeholder' ? hold(piece.value) : piece.value;
      continue;
    }
    let plain = piece.value;
    let last = 0;
    const stretch: string[] = [];
    const matches =
      mode === 'placeholder'
        ? mergeMatches(findTerms(plain, terms), existingPlaceholders(plain))
        : findTerms(plain, terms);
    for (const match of matches) {
      stretch.push(outside(plain.slice(last, match.start), kind, mode), hold(match.replacement));
      last = match.end;
    }
    stretch.push(outside(plain.slice(last), kind, mode));
    plain = stretch.join('');
    sent += plain;
  }
  const expectedTags = kind === 'html' ? tagNames(text) : [];

  return {
    sent,
    protectedCount: originals.length,
    restore(reply: string): string {
      const seen = new Set<number>();
      const marked = reply.replace(WRAPPED[mode], (_whole, id: string) => {
        const index = Number(id);
        if (index >= originals.length || seen.has(index))
          throw new GlossaryRoundTripError(
            `the provider returned protected span ${index} twice or unasked`,
          );
        seen.add(index);
        return `${MARK}${index}${MARK}`;
      });
      if (seen.size !== originals.length) {
        const lost = originals.findIndex((_value, index) => !seen.has(index));
        throw new GlossaryRoundTripError(
          `the provider lost the protected text "${originals[lost] ?? ''}"`,
        );
      }
      const unescaped = kind === 'text' && mode !== 'placeholder' ? unescapeXml(marked) : marked;
      const restored = unescaped.replace(
        new RegExp(`${MARK}(\\d+)${MARK}`, 'g'),
        (_whole, id: string) => originals[Number(id)] ?? '',
      );
      if (kind === 'html' && tagNames(restored).join(' ') !== expectedTags.join(' '))
        throw new GlossaryRoundTripError('the provider changed the HTML tags of the text');
      return restored;
    },
  };
}

/** Plain text between protected spans, escaped when the provider reads markup. */
function outside(value: string, kind: TextKind, mode: ProtectionMode): string {
  return kind === 'text' && mode !== 'placeholder' ? escapeXml(value) : value;
}

/** `{{3}}` already in the source must survive too: it is protected like a term. */
function existingPlaceholders(text: string): Match[] {
  return [...text.matchAll(EXISTING_PLACEHOLDER)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    replacement: match[0],
  }));
}

function mergeMatches(terms: Match[], placeholders: Match[]): Match[] {
  const kept = terms.filter(
    (term) => !placeholders.some((held) => term.start < held.end && term.end > held.start),
  );
  return [...kept, ...placeholders].sort((a, b) => a.start - b.start);
}

/** Characters a provider bills for a text: code points outside markup (DeepL's rule). */
export function billableCharacters(text: string, kind: TextKind): number {
  const plain = kind === 'html' ? text.replace(TAG, '') : text;
  return [...plain].length;
}
