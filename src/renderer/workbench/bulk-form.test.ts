import { describe, expect, it } from 'vitest';
import { BulkOperation } from '../../shared/api/contract-workbench.js';
import { buildOperation, INITIAL_FORM, type BulkForm } from './bulk-form.js';

const form = (patch: Partial<BulkForm>): BulkForm => ({ ...INITIAL_FORM, ...patch });

describe('the bulk edit form', () => {
  it('builds a percentage raise with a price ending, as the contract takes it', () => {
    const built = buildOperation('price', form({ value: '+5', ending: 'charm', direction: 'up' }));
    expect(built).toEqual({
      operation: {
        kind: 'adjustPrice',
        by: 'percent',
        value: '5',
        rounding: { ending: 'charm', direction: 'up' },
      },
    });
    if ('operation' in built) expect(BulkOperation.safeParse(built.operation).success).toBe(true);
  });

  it('builds amounts, set prices, rounding alone, counts, titles and statuses', () => {
    expect(buildOperation('price', form({ priceMode: 'amount', value: '-1.50' }))).toEqual({
      operation: { kind: 'adjustPrice', by: 'amount', value: '-1.50' },
    });
    expect(buildOperation('price', form({ priceMode: 'set', value: '19.99' }))).toEqual({
      operation: { kind: 'setPrice', amount: '19.99' },
    });
    expect(buildOperation('price', form({ priceMode: 'round', ending: 'whole' }))).toEqual({
      operation: { kind: 'roundPrice', rounding: { ending: 'whole', direction: 'nearest' } },
    });
    expect(buildOperation('quantity', form({ value: '12' }))).toEqual({
      operation: { kind: 'setQuantity', quantity: 12 },
    });
    expect(buildOperation('buffer', form({ value: '3' }))).toEqual({
      operation: { kind: 'setBuffer', buffer: 3 },
    });
    expect(
      buildOperation('title', form({ find: '(\\d+)W', replace: '$1 W', regex: true })),
    ).toMatchObject({ operation: { kind: 'replaceTitle', regex: true, caseSensitive: false } });
    expect(buildOperation('status', form({ status: 'inactive' }))).toEqual({
      operation: { kind: 'setStatus', status: 'inactive' },
    });
  });

  it('names what is wrong with the form before asking the engine', () => {
    expect(buildOperation('price', form({ value: '' }))).toEqual({ problem: 'required' });
    expect(buildOperation('price', form({ value: '5.555' }))).toEqual({ problem: 'notPercent' });
    expect(buildOperation('price', form({ priceMode: 'set', value: '-3' }))).toEqual({
      problem: 'notAmount',
    });
    expect(buildOperation('price', form({ priceMode: 'round' }))).toEqual({
      problem: 'needsEnding',
    });
    expect(buildOperation('quantity', form({ value: '2.5' }))).toEqual({
      problem: 'notWholeNumber',
    });
    expect(buildOperation('quantity', form({ value: '2000000' }))).toEqual({ problem: 'tooLarge' });
    expect(buildOperation('title', form({ find: '(', regex: true }))).toEqual({
      problem: 'badPattern',
    });
  });
});
