/**
 * How the simulated providers "translate": word by word from the sandbox dictionary, leaving
 * numbers, punctuation and white space as they are. What a provider documents as untouchable is
 * left untouched: markup (when tag handling is on), the content of ignored elements (DeepL's
 * ignore_tags, Google's and Azure's `notranslate` class, `translate="no"`) and character entities.
 * Everything else, brands and SKUs included, is changed, so protection can be checked.
 */
import { lookupWord } from './dictionary.js';

export interface MarkupRules {
  /** Tags and entities are markup (DeepL tag_handling, Google/Azure html). */
  markup: boolean;
  /** Element names whose content is kept (DeepL ignore_tags). */
  ignoreTags?: readonly string[];
  /** Elements with class="notranslate" or translate="no" keep their content (Google, Azure). */
  notranslateClass?: boolean;
}

const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;
const MARKUP = /<[^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/g;

/** The language part of a provider's target code: `DE`, `EN-GB`, `zh-Hans`, `pt-pt` → de, en, zh, pt. */
export function languagePart(code: string): string {
  return (code.split(/[-_]/)[0] ?? '').toLowerCase();
}

function translateWords(text: string, language: string): string {
  return text.replace(WORD, (word) => lookupWord(word, language) ?? `${word}~${language}`);
}

function tagName(tag: string): { name: string; closing: boolean; selfClosing: boolean } {
  const match = /^<\s*(\/?)\s*([A-Za-z][\w:-]*)/.exec(tag);
  return {
    name: (match?.[2] ?? '').toLowerCase(),
    closing: match?.[1] === '/',
    selfClosing: /\/\s*>$/.test(tag),
  };
}

function isIgnored(tag: string, name: string, rules: MarkupRules): boolean {
  if (rules.ignoreTags?.includes(name)) return true;
  if (!rules.notranslateClass) return false;
  return (
    /\bclass\s*=\s*["'][^"']*\bnotranslate\b/.test(tag) || /\btranslate\s*=\s*["']no["']/.test(tag)
  );
}

export function sandboxTranslate(text: string, targetCode: string, rules: MarkupRules): string {
  const language = languagePart(targetCode);
  if (!rules.markup) return translateWords(text, language);
  let out = '';
  let last = 0;
  let ignored: { name: string; depth: number } | null = null;
  for (const match of text.matchAll(MARKUP)) {
    const between = text.slice(last, match.index);
    out += ignored ? between : translateWords(between, language);
    const token = match[0];
    out += token;
    last = match.index + token.length;
    if (!token.startsWith('<')) continue;
    const tag = tagName(token);
    if (ignored) {
      if (tag.name === ignored.name && !tag.selfClosing) ignored.depth += tag.closing ? -1 : 1;
      if (ignored.depth === 0) ignored = null;
    } else if (!tag.closing && !tag.selfClosing && isIgnored(token, tag.name, rules)) {
      ignored = { name: tag.name, depth: 1 };
    }
  }
  const rest = text.slice(last);
  return out + (ignored ? rest : translateWords(rest, language));
}

/** Characters billed for a text: code points outside markup, an entity counting as one (DeepL's rule). */
export function billedCharacters(text: string, markup: boolean): number {
  if (!markup) return [...text].length;
  return [...text.replace(/<[^>]*>/g, '').replace(/&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/g, '_')]
    .length;
}
