import { describe, expect, it } from 'vitest';
import { NO_VALUE } from '../i18n/format.js';
import { languageTitles } from './field-values.js';

describe('a two-language job in the pending changes', () => {
  it('reads as each language code with its title', () => {
    expect(
      languageTitles([
        { locale: 'en-CA', title: 'Bamboo Mug', description: 'Long battery life.' },
        { locale: 'fr-CA', title: 'Tasse en bambou', description: '' },
      ]),
    ).toBe('en-CA: Bamboo Mug · fr-CA: Tasse en bambou');
  });

  it('says what is missing rather than printing an object', () => {
    expect(languageTitles([{ locale: 'fr-CA' }, 'x'])).toBe(`fr-CA: ${NO_VALUE} · x`);
  });
});
