/**
 * Both languages are complete: same key tree both ways, no empty text, the same {{placeholders}},
 * and a word for every value of every enumeration the screens show.
 */
import { describe, expect, it } from 'vitest';
import {
  AUTH_STATES,
  LISTING_STATUSES,
  MARKETPLACES,
  ORDER_STATUSES,
  SYNC_RUN_STATES,
  SYNC_STATES,
  TEXT_REVIEW_STATES,
  THEMES,
  UI_LOCALES,
} from '../../shared/domain.js';
import { API_ERROR_CODES } from '../../shared/api/index.js';
import { resources } from './index.js';

type Tree = { [key: string]: string | Tree };

/** Every leaf as [dotted key, text]; a non-string, non-object leaf is reported as invalid. */
function leaves(tree: unknown, prefix = ''): [string, unknown][] {
  if (typeof tree !== 'object' || tree === null) return [[prefix, tree]];
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
  );
}

const trees = Object.fromEntries(
  Object.entries(resources).map(([locale, bundle]) => [locale, bundle.translation as Tree]),
);
const keysOf = (locale: string) => new Map(leaves(trees[locale]));
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('translation files', () => {
  it('bundle exactly the UI locales of the domain', () => {
    expect(Object.keys(resources).sort()).toEqual([...UI_LOCALES].sort());
  });

  for (const locale of UI_LOCALES) {
    for (const other of UI_LOCALES) {
      if (locale === other) continue;
      it(`${locale} has every key ${other} has`, () => {
        const mine = keysOf(locale);
        const missing = [...keysOf(other).keys()].filter((key) => !mine.has(key));
        expect(missing).toEqual([]);
      });
    }

    it(`${locale} has no empty or non-text values`, () => {
      const bad = leaves(trees[locale])
        .filter(([, text]) => typeof text !== 'string' || text.trim() === '')
        .map(([key]) => key);
      expect(bad).toEqual([]);
    });
  }

  it('uses the same placeholders in every language', () => {
    const english = keysOf('en');
    for (const locale of UI_LOCALES) {
      const mismatched = [...keysOf(locale)]
        .filter(([key, text]) => {
          const reference = english.get(key);
          return (
            typeof reference === 'string' &&
            typeof text === 'string' &&
            placeholders(reference).join() !== placeholders(text).join()
          );
        })
        .map(([key]) => `${locale}:${key}`);
      expect(mismatched).toEqual([]);
    }
  });

  it('names every value of every enumeration shown on screen', () => {
    const required: [string, readonly string[]][] = [
      ['enums.marketplace', MARKETPLACES],
      ['enums.listingStatus', LISTING_STATUSES],
      ['enums.syncState', SYNC_STATES],
      ['enums.orderStatus', ORDER_STATUSES],
      ['enums.authState', AUTH_STATES],
      ['enums.reviewState', TEXT_REVIEW_STATES],
      ['enums.runState', SYNC_RUN_STATES],
      ['enums.shipmentState', ['pending', 'confirmed', 'failed']],
      ['enums.trigger', ['manual', 'schedule', 'cli']],
      ['enums.origin', ['machine', 'human']],
      ['settings.themes', THEMES],
      ['settings.languages', UI_LOCALES],
    ];
    for (const locale of UI_LOCALES) {
      const keys = keysOf(locale);
      const missing = required.flatMap(([prefix, values]) =>
        values.map((value) => `${prefix}.${value}`).filter((key) => !keys.has(key)),
      );
      const errorKeys = API_ERROR_CODES.flatMap((code) => [
        `errors.${code}.title`,
        `errors.${code}.action`,
      ]).filter((key) => !keys.has(key));
      expect([...missing, ...errorKeys], locale).toEqual([]);
    }
  });

  it('actually translates: Chinese differs from English for most texts', () => {
    const english = keysOf('en');
    const chinese = [...keysOf('zh-CN')];
    const same = chinese.filter(([key, text]) => english.get(key) === text).length;
    // Brand names, codes like "SKU" and the language names may stay; most text must not.
    expect(same / chinese.length).toBeLessThan(0.15);
  });
});
