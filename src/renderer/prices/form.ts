/**
 * The price rule editor's text fields and the rule they make. Percentages are typed as decimals
 * ("12.5") and sent as basis points (1250), amounts as decimals in their currency and sent as
 * minor units: both by string arithmetic (shared/money.ts), never through a float.
 */
import type { InputOf } from '../../shared/api/index.js';
import type { PriceRule } from '../../shared/api/types-money.js';
import { minorToDecimalString, parseDecimalToMinor } from '../../shared/money.js';

export type RuleInput = InputOf<'priceRules.save'>;

export interface RuleForm {
  id: number | null;
  name: string;
  scopeKind: 'account' | 'site';
  accountId: string;
  marketplace: 'amazon' | 'ebay' | 'aliexpress' | 'wish' | 'shopee';
  site: string;
  baseSource: 'cost' | 'sku_price';
  markupPercent: string;
  addonsCurrency: string;
  shipping: string;
  packaging: string;
  feePercent: string;
  fixedFee: string;
  fixedFeeCurrency: string;
  ending: 'none' | 'charm' | 'half' | 'whole';
  minMarginPercent: string;
}

/** Which field is wrong and the message key under `prices.errors`. */
export interface FormProblem {
  field: keyof RuleForm;
  error: 'required' | 'percent' | 'amount';
}

export function emptyRuleForm(homeCurrency: string): RuleForm {
  return {
    id: null,
    name: '',
    scopeKind: 'account',
    accountId: '',
    marketplace: 'amazon',
    site: '',
    baseSource: 'cost',
    markupPercent: '50',
    addonsCurrency: homeCurrency,
    shipping: '0',
    packaging: '0',
    feePercent: '15',
    fixedFee: '0',
    fixedFeeCurrency: homeCurrency,
    ending: 'charm',
    minMarginPercent: '10',
  };
}

/** "12.5" → 1250 basis points; "" or anything else → null. Two decimals at most. */
export function percentToBasisPoints(text: string): number | null {
  const match = /^\s*(-)?(\d{1,5})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign ? -value : value;
}

/** 1250 → "12.5". */
export function basisPointsToPercent(basisPoints: number): string {
  const negative = basisPoints < 0;
  const magnitude = Math.abs(basisPoints);
  const whole = Math.floor(magnitude / 100);
  const fraction = String(magnitude % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

function amount(text: string, currency: string): number | null {
  try {
    const value = parseDecimalToMinor(text, currency);
    return value >= 0 ? value : null;
  } catch {
    return null;
  }
}

export function formFromRule(rule: PriceRule): RuleForm {
  return {
    id: rule.id,
    name: rule.name,
    scopeKind: rule.scope.kind,
    accountId: rule.scope.kind === 'account' ? String(rule.scope.accountId) : '',
    marketplace: rule.scope.kind === 'site' ? rule.scope.marketplace : 'amazon',
    site: rule.scope.kind === 'site' ? rule.scope.site : '',
    baseSource: rule.baseSource,
    markupPercent: basisPointsToPercent(rule.markupBp),
    addonsCurrency: rule.shipping.currency,
    shipping: minorToDecimalString(rule.shipping.amountMinor, rule.shipping.currency),
    packaging: minorToDecimalString(rule.packaging.amountMinor, rule.packaging.currency),
    feePercent: basisPointsToPercent(rule.feeBp),
    fixedFee: minorToDecimalString(rule.fixedFee.amountMinor, rule.fixedFee.currency),
    fixedFeeCurrency: rule.fixedFee.currency,
    ending: rule.ending,
    minMarginPercent: rule.minMarginBp === null ? '' : basisPointsToPercent(rule.minMarginBp),
  };
}

/** The save request, or the first problems found (the engine validates again). */
export function ruleFromForm(form: RuleForm): { input: RuleInput } | { problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const need = <T>(value: T | null, field: keyof RuleForm, error: FormProblem['error']): T => {
    if (value === null) problems.push({ field, error });
    return value as T;
  };
  if (!form.name.trim()) problems.push({ field: 'name', error: 'required' });
  const accountId = Number(form.accountId);
  if (form.scopeKind === 'account' && !(Number.isInteger(accountId) && accountId > 0)) {
    problems.push({ field: 'accountId', error: 'required' });
  }
  if (form.scopeKind === 'site' && !form.site.trim())
    problems.push({ field: 'site', error: 'required' });
  const markupBp = need(percentToBasisPoints(form.markupPercent), 'markupPercent', 'percent');
  const feeBp = need(percentToBasisPoints(form.feePercent), 'feePercent', 'percent');
  const shippingMinor = need(amount(form.shipping, form.addonsCurrency), 'shipping', 'amount');
  const packagingMinor = need(amount(form.packaging, form.addonsCurrency), 'packaging', 'amount');
  const fixedFeeMinor = need(amount(form.fixedFee, form.fixedFeeCurrency), 'fixedFee', 'amount');
  const minMarginBp = form.minMarginPercent.trim()
    ? need(percentToBasisPoints(form.minMarginPercent), 'minMarginPercent', 'percent')
    : null;
  if (problems.length > 0) return { problems };
  return {
    input: {
      ...(form.id !== null ? { id: form.id } : {}),
      name: form.name.trim(),
      scope:
        form.scopeKind === 'account'
          ? { kind: 'account', accountId }
          : { kind: 'site', marketplace: form.marketplace, site: form.site.trim() },
      baseSource: form.baseSource,
      markupBp,
      addonsCurrency: form.addonsCurrency,
      shippingMinor,
      packagingMinor,
      feeBp,
      fixedFeeMinor,
      fixedFeeCurrency: form.fixedFeeCurrency,
      ending: form.ending,
      minMarginBp,
    },
  };
}

/**
 * The engine's own words on why a price or margin was refused ("SKU MUG-1 has no cost") name the
 * SKU or rate, but are in English: shown beside the translated reason in the English UI only.
 */
export function refusalDetail(language: string, message: string): string | undefined {
  return language.startsWith('en') ? message : undefined;
}
