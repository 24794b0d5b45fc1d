/**
 * Channel rules in the inventory sheet: one row per rule, keyed by account and SKU (no SKU: the
 * account's default rule). A rule row is told from a stock row by its account. Blank cells mean
 * the rule's neutral values (no buffer, no cap, 100 %); an import sets a changed rule through the
 * stock engine's setChannelRule, which queues the quantity pushes it causes, audited in the
 * import's change batch (store/stock-audit.ts).
 */
import type { SheetRowChange } from '../../shared/api/types-sheets.js';
import type { ChannelRuleValues } from '../stock/index.js';
import { qb } from '../store/compiler.js';
import type { Reader, Writer } from '../store/connection.js';
import { setChannelRuleAudited } from '../store/stock-audit.js';
import { cellText } from './columns.js';
import type { HeaderMatch } from './headers.js';
import type { InventorySheetRow } from './inventory-columns.js';
import { cellAt, type ErrorList } from './plan.js';
import type { SheetRow } from './read.js';

const MAX_COUNT = 1_000_000_000;

function ruleQuery() {
  return qb
    .selectFrom('channel_rules as cr')
    .innerJoin('accounts as a', 'a.id', 'cr.account_id')
    .leftJoin('products as p', 'p.id', 'cr.product_id')
    .leftJoin('products as pp', 'pp.id', 'p.parent_id')
    .select([
      'cr.account_id',
      'cr.product_id',
      'a.display_name',
      'p.sku',
      'pp.sku as parent_sku',
      'p.title',
      'cr.buffer',
      'cr.max_quantity',
      'cr.allocation_percent',
    ]);
}

/** The rule rows of the sheet: default rules first, by account, then by SKU. */
export function channelRuleRows(r: Reader, products: Set<number> | null): InventorySheetRow[] {
  const rows = r.all(ruleQuery().orderBy('a.display_name').orderBy('p.sku'));
  return rows
    .filter((row) => products === null || (row.product_id !== null && products.has(row.product_id)))
    .map((row) => ({
      productId: row.product_id ?? 0,
      sku: row.sku ?? '',
      parentSku: row.parent_sku,
      title: row.title ?? '',
      warehouse: '',
      onHand: null,
      reserved: null,
      hsCode: null,
      declaredValueMinor: null,
      declaredCurrency: null,
      countryOfOrigin: null,
      weightGrams: null,
      lengthMm: null,
      widthMm: null,
      heightMm: null,
      accountId: row.account_id,
      account: row.display_name,
      buffer: row.buffer,
      maxQuantity: row.max_quantity,
      allocationPercent: row.allocation_percent,
    }));
}

const ruleKey = (accountId: number, productId: number | null) => `${accountId}/${productId ?? 0}`;

/** Every rule's numbers, by account and product. */
export function currentRules(r: Reader): Map<string, ChannelRuleValues> {
  const rules = new Map<string, ChannelRuleValues>();
  for (const row of r.all(
    qb
      .selectFrom('channel_rules')
      .select(['account_id', 'product_id', 'buffer', 'max_quantity', 'allocation_percent']),
  )) {
    rules.set(ruleKey(row.account_id, row.product_id), {
      buffer: row.buffer,
      maxQuantity: row.max_quantity,
      allocationPercent: row.allocation_percent,
    });
  }
  return rules;
}

export interface PlannedRule {
  row: number;
  accountId: number;
  productId: number | null;
  before: ChannelRuleValues | null;
  after: ChannelRuleValues;
}

const RULE_FIELDS = [
  ['buffer', 'buffer'],
  ['maxQuantity', 'maxQuantity'],
  ['allocationPercent', 'allocationPercent'],
] as const;

const shown = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

/** Reads one rule cell: blank gives `blank`; otherwise a whole number up to `most`. */
function ruleNumber(
  textValue: string,
  blank: number | null,
  most: number,
): number | null | undefined {
  if (textValue === '') return blank;
  if (!/^\d{1,15}$/.test(textValue)) return undefined;
  const value = Number(textValue);
  return value <= most ? value : undefined;
}

const EXPECTED = {
  buffer: 'a whole number of units kept back, 0 or more (blank: 0)',
  maxQuantity: 'the most this channel may show, a whole number (blank: no cap)',
  allocationPercent: 'a whole percentage from 0 to 100 (blank: 100)',
} as const;

/**
 * Plans one rule row: the rule as the row gives it, `'unchanged'`, or undefined after adding the
 * row's errors.
 */
export function planRuleRow(
  row: SheetRow,
  match: HeaderMatch,
  key: { accountId: number; productId: number | null; label: string },
  rules: Map<string, ChannelRuleValues>,
  errors: ErrorList,
): { planned: PlannedRule; change: SheetRowChange } | 'unchanged' | undefined {
  const before = rules.get(ruleKey(key.accountId, key.productId)) ?? null;
  const cells = {
    buffer: cellText(cellAt(row, match, 'buffer') ?? null).trim(),
    maxQuantity: cellText(cellAt(row, match, 'maxQuantity') ?? null).trim(),
    allocationPercent: cellText(cellAt(row, match, 'allocationPercent') ?? null).trim(),
  };
  if (RULE_FIELDS.every(([field]) => cells[field] === shown(before?.[field]))) return 'unchanged';
  const after = {
    buffer: ruleNumber(cells.buffer, 0, MAX_COUNT),
    maxQuantity: ruleNumber(cells.maxQuantity, null, MAX_COUNT),
    allocationPercent: ruleNumber(cells.allocationPercent, 100, 100),
  };
  let valid = true;
  for (const [field] of RULE_FIELDS) {
    if (after[field] !== undefined) continue;
    errors.add(row.row, field, `"${cells[field]}" is not valid here`, EXPECTED[field]);
    valid = false;
  }
  if (!valid) return undefined;
  const values: ChannelRuleValues = {
    buffer: after.buffer!,
    maxQuantity: after.maxQuantity ?? null,
    allocationPercent: after.allocationPercent!,
  };
  const changes = RULE_FIELDS.filter(([field]) => values[field] !== (before?.[field] ?? null)).map(
    ([field]) => ({ field, before: shown(before?.[field]), after: shown(values[field]) }),
  );
  if (before !== null && changes.length === 0) return 'unchanged';
  return {
    planned: { row: row.row, ...key, before, after: values },
    change: { row: row.row, label: key.label, changes },
  };
}

/** Rows whose rule moved since the preview. */
export function staleRules(w: Writer, planned: readonly PlannedRule[]): number[] {
  const now = currentRules(w);
  const same = (a: ChannelRuleValues | null, b: ChannelRuleValues | null) =>
    a === b ||
    (a !== null &&
      b !== null &&
      a.buffer === b.buffer &&
      a.maxQuantity === b.maxQuantity &&
      a.allocationPercent === b.allocationPercent);
  return planned
    .filter((rule) => !same(now.get(ruleKey(rule.accountId, rule.productId)) ?? null, rule.before))
    .map((rule) => rule.row);
}

/** Sets the planned rules, each audited in `batchId`; returns the pushes queued. */
export function applyRules(
  w: Writer,
  planned: readonly PlannedRule[],
  batchId: number,
  newKey: () => string,
): number {
  let jobs = 0;
  for (const rule of planned) {
    jobs += setChannelRuleAudited(
      w,
      { accountId: rule.accountId, productId: rule.productId, ...rule.after },
      batchId,
      newKey,
    );
  }
  return jobs;
}
