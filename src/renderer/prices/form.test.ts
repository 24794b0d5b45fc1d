import { describe, expect, it } from 'vitest';
import {
  basisPointsToPercent,
  emptyRuleForm,
  formFromRule,
  percentToBasisPoints,
  ruleFromForm,
} from './form.js';

describe('price rule form', () => {
  it('reads percentages as basis points by string arithmetic', () => {
    expect(percentToBasisPoints('12.5')).toBe(1250);
    expect(percentToBasisPoints('0.07')).toBe(7);
    expect(percentToBasisPoints('-3')).toBe(-300);
    expect(percentToBasisPoints('1.234')).toBeNull();
    expect(percentToBasisPoints('')).toBeNull();
    expect(basisPointsToPercent(1250)).toBe('12.5');
    expect(basisPointsToPercent(-7)).toBe('-0.07');
    expect(basisPointsToPercent(1500)).toBe('15');
  });

  it('turns a filled form into the save request, and back', () => {
    const form = {
      ...emptyRuleForm('CNY'),
      name: ' Amazon US ',
      accountId: '3',
      shipping: '10',
      packaging: '2.5',
      fixedFee: '0.30',
      fixedFeeCurrency: 'USD',
    };
    const result = ruleFromForm(form);
    expect(result).toEqual({
      input: {
        name: 'Amazon US',
        scope: { kind: 'account', accountId: 3 },
        baseSource: 'cost',
        markupBp: 5000,
        addonsCurrency: 'CNY',
        shippingMinor: 1000,
        packagingMinor: 250,
        feeBp: 1500,
        fixedFeeMinor: 30,
        fixedFeeCurrency: 'USD',
        ending: 'charm',
        minMarginBp: 1000,
      },
    });
    if (!('input' in result)) throw new Error('unreachable');
    const back = formFromRule({
      ...result.input,
      id: 9,
      scope: { kind: 'account', accountId: 3 as never, accountName: 'Acme US' },
      shipping: { amountMinor: 1000, currency: 'CNY' },
      packaging: { amountMinor: 250, currency: 'CNY' },
      fixedFee: { amountMinor: 30, currency: 'USD' },
      updatedAt: '2026-04-07T12:00:00.000Z',
    });
    expect(back).toMatchObject({
      id: 9,
      name: 'Amazon US',
      shipping: '10.00',
      packaging: '2.50',
      fixedFee: '0.30',
      markupPercent: '50',
    });
  });

  it('names every field that is wrong', () => {
    const result = ruleFromForm({
      ...emptyRuleForm('JPY'),
      markupPercent: 'lots',
      shipping: '1.5',
      scopeKind: 'site',
      minMarginPercent: '',
    });
    expect(result).toEqual({
      problems: [
        { field: 'name', error: 'required' },
        { field: 'site', error: 'required' },
        { field: 'markupPercent', error: 'percent' },
        { field: 'shipping', error: 'amount' },
      ],
    });
  });
});
