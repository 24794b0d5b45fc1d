/**
 * Per-marketplace limits a text is checked against before it may be published: title length
 * (counted in Unicode code points, as the marketplaces count characters) and characters a
 * marketplace refuses in titles. A title over the limit gets a shortening suggestion cut at a
 * word boundary of its language (Intl.Segmenter knows Thai, Chinese and Japanese words too); it
 * is never cut silently.
 */
import type { Marketplace } from '../../shared/domain.js';

export interface TitleRule {
  maxLength: number;
  /** Characters refused in titles. */
  forbidden: readonly string[];
}

const AMAZON_FORBIDDEN = ['!', '$', '?', '_', '{', '}', '^', '¬', '¦'];

export const TITLE_RULES: Readonly<Record<Marketplace, TitleRule>> = {
  amazon: { maxLength: 200, forbidden: AMAZON_FORBIDDEN },
  ebay: { maxLength: 80, forbidden: ['<', '>'] },
  aliexpress: { maxLength: 218, forbidden: ['<', '>'] },
  shopee: { maxLength: 120, forbidden: ['<', '>'] },
  wish: { maxLength: 250, forbidden: ['<', '>'] },
};

/**
 * A title limit looked up elsewhere (Amazon's is per product type, read from its product type
 * schema by the engine); `basis` says where it comes from, for the issue message.
 */
export interface TitleLimit {
  maxLength: number;
  basis?: string;
}

export function titleRule(
  marketplace: Marketplace,
  limit?: TitleLimit | null,
): TitleRule & { basis?: string } {
  const base = TITLE_RULES[marketplace];
  if (!limit) return base;
  return {
    ...base,
    maxLength: limit.maxLength,
    ...(limit.basis === undefined ? {} : { basis: limit.basis }),
  };
}

export interface RuleIssue {
  field: 'title';
  code: 'too_long' | 'forbidden_character' | 'empty';
  message: string;
  /** A shortened title cut at a word boundary, for too_long. */
  suggestion?: string;
}

export function codePointLength(text: string): number {
  return [...text].length;
}

/**
 * The longest prefix of `text` ending at a word boundary within `max` code points, without a
 * trailing separator or dangling punctuation; falls back to a cut at `max` only when the first
 * word alone is longer.
 */
export function shortenAtWordBoundary(text: string, max: number, locale: string): string {
  if (codePointLength(text) <= max) return text;
  let segmenter: Intl.Segmenter;
  try {
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
  } catch {
    segmenter = new Intl.Segmenter('en', { granularity: 'word' });
  }
  let best = '';
  let length = 0;
  let prefix = '';
  for (const segment of segmenter.segment(text)) {
    length += codePointLength(segment.segment);
    if (length > max) break;
    prefix += segment.segment;
    if (segment.isWordLike) best = prefix;
  }
  const trimmed = best.replace(/[\s,;:\-–—/|&+]+$/u, '');
  return trimmed !== '' ? trimmed : [...text].slice(0, max).join('');
}

export function checkTitle(
  title: string,
  marketplace: Marketplace,
  locale: string,
  limit?: TitleLimit | null,
): RuleIssue[] {
  const rule = titleRule(marketplace, limit);
  const issues: RuleIssue[] = [];
  if (title.trim() === '') {
    issues.push({ field: 'title', code: 'empty', message: 'the title is empty' });
    return issues;
  }
  const length = codePointLength(title);
  if (length > rule.maxLength) {
    issues.push({
      field: 'title',
      code: 'too_long',
      message: `the title has ${length} characters; ${marketplace} allows ${rule.maxLength}${rule.basis ? ` (${rule.basis})` : ''}`,
      suggestion: shortenAtWordBoundary(title, rule.maxLength, locale),
    });
  }
  const found = rule.forbidden.filter((character) => title.includes(character));
  if (found.length > 0) {
    issues.push({
      field: 'title',
      code: 'forbidden_character',
      message: `${marketplace} refuses ${found.map((character) => `"${character}"`).join(' ')} in titles`,
    });
  }
  return issues;
}
