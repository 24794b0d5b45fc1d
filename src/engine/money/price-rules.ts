/**
 * The price rules' store: list, save (insert or update, one rule per account and per marketplace
 * site), delete, SKU prices, and which rule governs an account (its own, else its site's).
 */
import type { z } from 'zod';
import type { PriceRuleInput } from '../../shared/api/contract-money.js';
import type { PriceRule } from '../../shared/api/types-money.js';
import type { Marketplace } from '../../shared/domain.js';
import type { AccountId } from '../../shared/ids.js';
import type { Reader, Writer } from '../store/connection.js';
import { InvalidStoreInput, RecordNotFound } from '../store/errors.js';
import type { PricingRule } from './pricing.js';
import { moneyQb, type PriceRulesTable } from './schema.js';

type RuleRow = Omit<PriceRulesTable, 'id'> & { id: number; account_name: string | null };
export type PriceRuleRequest = z.output<typeof PriceRuleInput>;

/** A stored rule with what the calculators need. */
export interface LoadedRule {
  rule: PriceRule;
  pricing: PricingRule;
}

function toRule(row: RuleRow): LoadedRule {
  const scope: PriceRule['scope'] =
    row.scope === 'account'
      ? {
          kind: 'account',
          accountId: row.account_id! as AccountId,
          accountName: row.account_name ?? `account ${row.account_id}`,
        }
      : { kind: 'site', marketplace: row.marketplace! as Marketplace, site: row.site! };
  const pricing: PricingRule = {
    baseSource: row.base_source,
    markupBp: row.markup_bp,
    shipping: { amountMinor: row.shipping_minor, currency: row.addons_currency },
    packaging: { amountMinor: row.packaging_minor, currency: row.addons_currency },
    feeBp: row.fee_bp,
    fixedFee: { amountMinor: row.fixed_fee_minor, currency: row.fixed_fee_currency },
    ending: row.ending,
    minMarginBp: row.min_margin_bp,
  };
  return {
    pricing,
    rule: { id: row.id, name: row.name, scope, ...pricing, updatedAt: row.updated_at },
  };
}

export function loadRules(reader: Reader): LoadedRule[] {
  const rows = reader.all(
    moneyQb
      .selectFrom('price_rules as r')
      .leftJoin('accounts as a', 'a.id', 'r.account_id')
      .selectAll('r')
      .select('a.display_name as account_name')
      .orderBy('r.scope')
      .orderBy('r.name')
      .orderBy('r.id'),
  );
  return rows.map(toRule);
}

export function getRule(reader: Reader, id: number): LoadedRule {
  const found = loadRules(reader).find((loaded) => loaded.rule.id === id);
  if (!found) throw new RecordNotFound(`Price rule ${id} does not exist`);
  return found;
}

/** Which rule governs each account: its own, else its marketplace site's. */
export class RuleIndex {
  private readonly byAccount = new Map<number, LoadedRule>();
  private readonly bySite = new Map<string, LoadedRule>();

  constructor(rules: readonly LoadedRule[]) {
    for (const loaded of rules) {
      const { scope } = loaded.rule;
      if (scope.kind === 'account') this.byAccount.set(scope.accountId, loaded);
      else this.bySite.set(`${scope.marketplace}/${scope.site}`, loaded);
    }
  }

  forAccount(accountId: number, marketplace: string, site: string): LoadedRule | undefined {
    return this.byAccount.get(accountId) ?? this.bySite.get(`${marketplace}/${site}`);
  }
}

export function saveRule(writer: Writer, input: PriceRuleRequest): PriceRule {
  const now = writer.now();
  const { scope } = input;
  if (scope.kind === 'account') {
    const account = writer.first(
      moneyQb.selectFrom('accounts').select('id').where('id', '=', scope.accountId),
    );
    if (!account) throw new RecordNotFound(`Account ${scope.accountId} does not exist`);
  }
  // One rule per shop and per site: say which rule holds the scope rather than a bare UNIQUE error.
  const holder = loadRules(writer).find(
    (loaded) =>
      loaded.rule.id !== input.id &&
      (scope.kind === 'account'
        ? loaded.rule.scope.kind === 'account' && loaded.rule.scope.accountId === scope.accountId
        : loaded.rule.scope.kind === 'site' &&
          loaded.rule.scope.marketplace === scope.marketplace &&
          loaded.rule.scope.site === scope.site),
  );
  if (holder) {
    throw new InvalidStoreInput(
      `Rule "${holder.rule.name}" already prices this ${scope.kind === 'account' ? 'shop' : 'site'}: edit it instead`,
    );
  }
  const values = {
    name: input.name,
    scope: scope.kind,
    account_id: scope.kind === 'account' ? scope.accountId : null,
    marketplace: scope.kind === 'site' ? scope.marketplace : null,
    site: scope.kind === 'site' ? scope.site : null,
    base_source: input.baseSource,
    markup_bp: input.markupBp,
    addons_currency: input.addonsCurrency,
    shipping_minor: input.shippingMinor,
    packaging_minor: input.packagingMinor,
    fee_bp: input.feeBp,
    fixed_fee_minor: input.fixedFeeMinor,
    fixed_fee_currency: input.fixedFeeCurrency,
    ending: input.ending,
    min_margin_bp: input.minMarginBp,
    updated_at: now,
  };
  let id: number;
  if (input.id !== undefined) {
    const result = writer.run(
      moneyQb.updateTable('price_rules').set(values).where('id', '=', input.id),
    );
    writer.expectOne(result, `price rule ${input.id}`);
    id = input.id;
  } else {
    id = writer.first(
      moneyQb
        .insertInto('price_rules')
        .values({ ...values, created_at: now })
        .returning('id'),
    )!.id;
  }
  return getRule(writer, id).rule;
}

export function deleteRule(writer: Writer, id: number): boolean {
  return writer.run(moneyQb.deleteFrom('price_rules').where('id', '=', id)).changes === 1;
}

export function setSkuPrice(
  writer: Writer,
  productId: number,
  price: { amountMinor: number; currency: string } | null,
): void {
  const product = writer.first(
    moneyQb.selectFrom('products').select('id').where('id', '=', productId),
  );
  if (!product) throw new RecordNotFound(`SKU ${productId} does not exist`);
  if (price === null) {
    writer.run(moneyQb.deleteFrom('sku_prices').where('product_id', '=', productId));
    return;
  }
  writer.run(
    moneyQb
      .insertInto('sku_prices')
      .values({
        product_id: productId,
        price_minor: price.amountMinor,
        currency: price.currency,
        updated_at: writer.now(),
      })
      .onConflict((conflict) =>
        conflict.column('product_id').doUpdateSet((eb) => ({
          price_minor: eb.ref('excluded.price_minor'),
          currency: eb.ref('excluded.currency'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
  );
}
