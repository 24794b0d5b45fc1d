import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GlossaryRoundTripError, protect, termsFor, type GlossaryTerm } from './glossary.js';

const terms: GlossaryTerm[] = [
  { term: 'Lotus Trail', locale: null, translation: null, doNotTranslate: true },
  { term: 'SR-X9 Pro', locale: null, translation: null, doNotTranslate: true },
  { term: 'Pro', locale: null, translation: null, doNotTranslate: true },
  { term: 'teapot', locale: 'de-DE', translation: 'Teekanne', doNotTranslate: false },
  { term: 'teapot', locale: 'fr-FR', translation: 'théière', doNotTranslate: false },
];

/** A provider that changes every letter outside what its mechanism protects. */
function mangle(text: string, mode: 'xml' | 'notranslate' | 'placeholder'): string {
  const shout = (part: string) => part.replace(/\p{L}/gu, (letter) => letter.toUpperCase() + '~');
  if (mode === 'placeholder') return shout(text);
  // Markup modes: tags kept, text outside protected elements changed, protected content mangled
  // only in spacing (a provider may touch it; restoration must not care).
  const protectedElement =
    mode === 'xml' ? /(<x\b[^>]*>[\s\S]*?<\/x>)/ : /(<span\b[^>]*>[\s\S]*?<\/span>)/;
  return text
    .split(protectedElement)
    .map((part, index) =>
      index % 2 === 1
        ? part.replace(/>([^<]*)</, (_all, inner: string) => `> ${inner} <`)
        : part
            .split(/(<[^>]*>|&\w+;)/)
            .map((bit, inner) => (inner % 2 === 1 ? bit : shout(bit)))
            .join(''),
    )
    .join('');
}

describe('glossary protection', () => {
  const source = 'Lotus Trail SR-X9 Pro teapot & cup <3, Professional Pro';
  for (const mode of ['xml', 'notranslate', 'placeholder'] as const) {
    it(`keeps do-not-translate terms byte-exact and applies forced translations (${mode})`, () => {
      const held = protect(source, 'text', termsFor(terms, 'de-DE'), mode);
      const back = held.restore(mangle(held.sent, mode));
      expect(back).toContain('Lotus Trail');
      expect(back).toContain('SR-X9 Pro');
      expect(back).toContain('Teekanne');
      expect(back).not.toContain('théière');
      // "Pro" inside "Professional" is not a term match; the standalone one is kept.
      expect(back).toMatch(/ Pro$/);
      expect(back).toContain('P~R~O~F~');
    });

    it(`keeps HTML tags of descriptions (${mode})`, () => {
      const html = '<p>Made by <b>Lotus Trail</b></p><ul><li>teapot</li></ul>';
      const held = protect(html, 'html', termsFor(terms, 'de-DE'), mode);
      const back = held.restore(mangle(held.sent, mode));
      expect(back.match(/<[^>]+>/g)).toEqual(html.match(/<[^>]+>/g));
      expect(back).toContain('<b>Lotus Trail</b>');
      expect(back).toContain('<li>Teekanne</li>');
    });

    it(`refuses a reply that lost a protected term (${mode})`, () => {
      const held = protect('Lotus Trail mug', 'text', termsFor(terms, 'de-DE'), mode);
      const lost = held.sent.replace(
        mode === 'placeholder' ? '{{0}}' : /<x[^>]*>.*<\/x>|<span[^>]*>.*<\/span>/,
        '',
      );
      expect(() => held.restore(lost)).toThrow(GlossaryRoundTripError);
    });
  }

  it('protects placeholders already in the source in placeholder mode', () => {
    const held = protect('Size {{1}} Lotus Trail', 'text', termsFor(terms, 'de-DE'), 'placeholder');
    expect(held.restore(mangle(held.sent, 'placeholder'))).toBe('S~I~Z~E~ {{1}} Lotus Trail');
  });

  it('unescapes plain text sent as markup exactly', () => {
    const held = protect('a < b & c > d', 'text', [], 'xml');
    expect(held.sent).toBe('a &lt; b &amp; c &gt; d');
    expect(held.restore(held.sent)).toBe('a < b & c > d');
  });
});

describe('glossary round trip (property)', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9&<>{}'"\- ]{0,12}$/);
  const term = fc.stringMatching(/^[A-Z][A-Za-z0-9-]{1,10}$/);
  for (const mode of ['xml', 'notranslate', 'placeholder'] as const) {
    it(`gives back any plain text byte-exact through a provider that changes nothing (${mode})`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(word, term), { maxLength: 8 }),
          fc.array(term, { maxLength: 3 }),
          (parts, names) => {
            const text = parts.join(' ');
            const terms = names.map((name) => ({
              term: name,
              locale: null,
              translation: null,
              doNotTranslate: true,
            }));
            const held = protect(text, 'text', terms, mode);
            expect(held.restore(held.sent)).toBe(text);
          },
        ),
      );
    });
  }
});
