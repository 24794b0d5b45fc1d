import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryStore, type TemporaryStore } from '../store/test-fixtures.js';
import { lookupMemory, rememberTranslation } from './memory.js';
import { segmentHash } from './source.js';

let temporary: TemporaryStore;
beforeEach(() => {
  temporary = temporaryStore();
});
afterEach(() => temporary.dispose());

const entry = (targetText: string, origin: 'machine' | 'human') => ({
  sourceHash: segmentHash('Bamboo  Mug '),
  sourceLocale: 'en',
  targetLocale: 'de-DE',
  sourceText: 'Bamboo Mug',
  targetText,
  origin,
  provider: origin === 'machine' ? 'deepl' : null,
});

describe('translation memory', () => {
  it('finds a normalised exact match per language pair only', () => {
    temporary.store.write((w) => rememberTranslation(w, entry('Bambus Becher', 'machine')));
    const hits = temporary.store.read((r) =>
      lookupMemory(r, [segmentHash('Bamboo Mug')], 'en', 'de-DE'),
    );
    expect(hits.get(segmentHash('Bamboo Mug'))?.targetText).toBe('Bambus Becher');
    expect(
      temporary.store.read((r) => lookupMemory(r, [segmentHash('Bamboo Mug')], 'en', 'fr-FR')).size,
    ).toBe(0);
  });

  it('lets a review replace a machine translation, never the other way round', () => {
    temporary.store.write((w) => rememberTranslation(w, entry('Bambus Becher', 'machine')));
    temporary.store.write((w) => rememberTranslation(w, entry('Bambusbecher', 'human')));
    temporary.store.write((w) => rememberTranslation(w, entry('Becher aus Bambus', 'machine')));
    const hit = temporary.store
      .read((r) => lookupMemory(r, [segmentHash('Bamboo Mug')], 'en', 'de-DE'))
      .get(segmentHash('Bamboo Mug'));
    expect(hit).toEqual({ targetText: 'Bambusbecher', reviewed: true, provider: null });
  });
});
