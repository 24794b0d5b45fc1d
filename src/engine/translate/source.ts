/**
 * A listing's source text and its fingerprints. The source is the master SKU's text in its own
 * language when the listing is linked, else the listing's own. Texts are compared after
 * normalising (Unicode NFC, runs of white space as one space, trimmed), so re-saving a title
 * with a trailing space neither misses the memory nor marks its translations stale.
 */
import { createHash } from 'node:crypto';
import type { TextKind } from './glossary.js';

export interface SourceText {
  locale: string;
  title: string;
  description: string;
  bulletPoints: string[];
}

/** One translatable piece of a listing: the title, the description or one bullet point. */
export interface Segment {
  field: 'title' | 'description' | 'bullet';
  /** The bullet's position; 0 for title and description. */
  index: number;
  text: string;
  kind: TextKind;
}

export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The translation memory's key of one segment (language pair kept in their own columns). */
export function segmentHash(text: string): string {
  return sha256(normalizeText(text));
}

/** The fingerprint of a whole source: a translation made from another one is stale. */
export function sourceHash(source: SourceText): string {
  return sha256(
    JSON.stringify([
      source.locale,
      normalizeText(source.title),
      normalizeText(source.description),
      source.bulletPoints.map(normalizeText),
    ]),
  );
}

const LOOKS_LIKE_HTML = /<\/?[a-zA-Z][^>]*>/;

/** The segments worth sending: empty ones are skipped (an empty description stays empty). */
export function segmentsOf(source: SourceText): Segment[] {
  const out: Segment[] = [];
  if (normalizeText(source.title) !== '')
    out.push({ field: 'title', index: 0, text: source.title, kind: 'text' });
  if (normalizeText(source.description) !== '') {
    out.push({
      field: 'description',
      index: 0,
      text: source.description,
      kind: LOOKS_LIKE_HTML.test(source.description) ? 'html' : 'text',
    });
  }
  source.bulletPoints.forEach((bullet, index) => {
    if (normalizeText(bullet) !== '')
      out.push({ field: 'bullet', index, text: bullet, kind: 'text' });
  });
  return out;
}
