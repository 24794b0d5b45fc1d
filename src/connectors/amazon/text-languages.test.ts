/**
 * The title and description patches: one entry per language under its own language_tag, in one
 * replace per attribute, byte-exact values; the one-language shape unchanged; bad texts refused
 * before any request.
 */
import { describe, expect, it } from 'vitest';
import { textPatches, textProblem } from './text-languages.js';

const canada = { marketplaceId: 'A2EUQ1WTGCTBG2', locale: 'en-CA' };
const english = { locale: 'en-CA', title: 'Bamboo Mug, 350 ml', description: 'Light & sturdy.' };
const french = {
  locale: 'fr-CA',
  title: 'Tasse en bambou « 350 ml » – légère',
  description: '<p>Légère et <b>solide</b>.</p>',
};

describe('Amazon text patches', () => {
  it('writes every language under its own language_tag in one replace per attribute', () => {
    const changes = { title: english.title, languages: [english, french] };
    expect(textProblem(canada, changes)).toBeNull();
    expect(JSON.stringify(textPatches(canada, changes))).toBe(
      JSON.stringify([
        {
          op: 'replace',
          path: '/attributes/item_name',
          value: [
            {
              value: 'Bamboo Mug, 350 ml',
              language_tag: 'en_CA',
              marketplace_id: 'A2EUQ1WTGCTBG2',
            },
            {
              value: 'Tasse en bambou « 350 ml » – légère',
              language_tag: 'fr_CA',
              marketplace_id: 'A2EUQ1WTGCTBG2',
            },
          ],
        },
        {
          op: 'replace',
          path: '/attributes/product_description',
          value: [
            { value: 'Light & sturdy.', language_tag: 'en_CA', marketplace_id: 'A2EUQ1WTGCTBG2' },
            {
              value: '<p>Légère et <b>solide</b>.</p>',
              language_tag: 'fr_CA',
              marketplace_id: 'A2EUQ1WTGCTBG2',
            },
          ],
        },
      ]),
    );
  });

  it('leaves a language without a description out of product_description, and the attribute without the own one', () => {
    const patches = textPatches(canada, {
      languages: [english, { ...french, description: '  ' }],
    });
    expect(patches[1]?.value?.map((entry) => entry.language_tag)).toEqual(['en_CA']);
    expect(patches[0]?.value?.map((entry) => entry.language_tag)).toEqual(['en_CA', 'fr_CA']);
    // Without the account's own description the attribute is not replaced (that would drop it).
    const ownless = textPatches(canada, { languages: [{ ...english, description: '' }, french] });
    expect(ownless.map((patch) => patch.path)).toEqual(['/attributes/item_name']);
  });

  it('keeps the one-language shape when no languages are given', () => {
    const unitedStates = { marketplaceId: 'ATVPDKIKX0DER', locale: 'en-US' };
    expect(textPatches(unitedStates, { title: 'Mug' })).toEqual([
      {
        op: 'replace',
        path: '/attributes/item_name',
        value: [{ value: 'Mug', language_tag: 'en_US', marketplace_id: 'ATVPDKIKX0DER' }],
      },
    ]);
    expect(textPatches(unitedStates, {})).toEqual([]);
  });

  it('refuses texts that cannot be sent', () => {
    expect(textProblem(canada, { title: ' ' })).toMatch(/must not be empty/);
    expect(textProblem(canada, { languages: [french, english] })).toMatch(
      /start with the account's own language en-CA/,
    );
    expect(textProblem(canada, { title: 'Other', languages: [english, french] })).toMatch(
      /en-CA title differs/,
    );
    expect(textProblem(canada, { languages: [english, french, french] })).toMatch(
      /fr-CA text is given twice/,
    );
    expect(textProblem(canada, { languages: [english, { ...french, title: '' }] })).toMatch(
      /fr-CA title must not be empty/,
    );
    expect(textProblem(canada, { languages: [english, { ...french, locale: 'french' }] })).toMatch(
      /not a language and region/,
    );
  });
});
