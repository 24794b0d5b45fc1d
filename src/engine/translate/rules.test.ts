import { describe, expect, it } from 'vitest';
import { checkTitle, codePointLength, shortenAtWordBoundary, titleRule } from './rules.js';
import { requiredLocales, sameLanguage } from './locales.js';
import { splitIntoRequests } from './providers/batching.js';

describe('marketplace rules', () => {
  it('flags an eBay title over 80 characters with a suggestion cut at a word boundary', () => {
    const title =
      'Handmade Bamboo Tea Set with Ceramic Cups and Walnut Tray for Four People, Gift Box Included';
    const [issue] = checkTitle(title, 'ebay', 'en-GB');
    expect(issue?.code).toBe('too_long');
    const suggestion = issue?.suggestion ?? '';
    expect(codePointLength(suggestion)).toBeLessThanOrEqual(80);
    expect(title.startsWith(suggestion)).toBe(true);
    expect(title[suggestion.length]).toMatch(/[\s,]/);
  });

  it('shortens Thai and Chinese at word boundaries too', () => {
    const thai = 'กาน้ำชาเซรามิกทำมือสำหรับครอบครัว';
    const cut = shortenAtWordBoundary(thai, 12, 'th-TH');
    expect(thai.startsWith(cut)).toBe(true);
    expect(codePointLength(cut)).toBeLessThanOrEqual(12);
    expect(cut.length).toBeGreaterThan(0);
  });

  it("refuses Amazon's forbidden title characters", () => {
    expect(checkTitle('Great mug!', 'amazon', 'en-US').map((issue) => issue.code)).toEqual([
      'forbidden_character',
    ]);
    expect(checkTitle('Great mug', 'amazon', 'en-US')).toEqual([]);
  });

  it('checks against a limit passed in, naming where it comes from', () => {
    const title = 'Large Blue Ceramic Coffee Mug';
    expect(checkTitle(title, 'amazon', 'en-US', { maxLength: 200 })).toEqual([]);
    expect(
      checkTitle(title, 'amazon', 'en-US', { maxLength: 20, basis: 'for product type HOME' }),
    ).toEqual([
      {
        field: 'title',
        code: 'too_long',
        message: 'the title has 29 characters; amazon allows 20 (for product type HOME)',
        suggestion: 'Large Blue Ceramic',
      },
    ]);
    expect(titleRule('amazon', null).maxLength).toBe(200);
    expect(titleRule('amazon', { maxLength: 150 }).maxLength).toBe(150);
  });
});

describe('locales per site', () => {
  it('knows multi-language sites and falls back to the account locale', () => {
    expect(requiredLocales('amazon', 'CA', 'en-CA')).toEqual(['en-CA', 'fr-CA']);
    expect(requiredLocales('shopee', 'TH', 'th-TH')).toEqual(['th-TH']);
    expect(requiredLocales('ebay', 'EBAY_XX', 'nl-NL')).toEqual(['nl-NL']);
  });

  it('tells the two Chinese scripts apart', () => {
    expect(sameLanguage('zh-CN', 'zh-TW')).toBe(false);
    expect(sameLanguage('en', 'en-GB')).toBe(true);
  });
});

describe('batch splitting', () => {
  it('respects the count and the character limits, in order', () => {
    const texts = Array.from({ length: 120 }, (_, index) => 'x'.repeat(index % 7 === 0 ? 900 : 10));
    const requests = splitIntoRequests(texts, { maxTexts: 50, maxCharacters: 2000 });
    expect(requests.flat()).toEqual(texts.map((_, index) => index));
    for (const request of requests) {
      expect(request.length).toBeLessThanOrEqual(50);
      expect(
        request.reduce((sum, index) => sum + (texts[index]?.length ?? 0), 0),
      ).toBeLessThanOrEqual(2000);
    }
  });
});
