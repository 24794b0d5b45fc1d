/**
 * 0011 — insights roll-ups. FROZEN once released.
 *
 * Two questions still read every (day, SKU, shop, currency) row of insights_sku_days over a long
 * period: "which SKUs sold most" and "what did the goods sold cost". A seller with 20k SKUs that
 * each sell a few times has as many of those rows as order lines, so both took tens of ms.
 * - insights_sku_totals: units sold per SKU over all days. A SKU cannot sell more in a period than
 *   in all time, so the ranking visits SKUs by this bound and stops once no further SKU can enter
 *   the top (src/engine/insights/ranking.ts); it reads the period's rows of a few dozen SKUs only.
 * - insights_cost_days: per (day, shop, cost currency), the units sold and their cost of goods
 *   (sum of units × the product's unit cost); '' is the currency of units without a known cost,
 *   and costed_rows counts the summary rows that had a cost (0: the cost is unknown, not zero).
 *
 * Both are kept equal to sums over insights_sku_days by triggers on that table, whoever writes it
 * (the summary refresh, and the 0007 trigger that copies a product's new cost into its rows).
 */
import type { Migration } from './executor.js';

/** Adds the sums of the new version of an insights_sku_days row. */
const ADD = `
  INSERT INTO insights_sku_totals (sku, sold_units)
    SELECT NEW.sku, NEW.sold_units WHERE NEW.sold_units > 0
    ON CONFLICT (sku) DO UPDATE SET sold_units = sold_units + excluded.sold_units;
  INSERT INTO insights_cost_days (day, account_id, marketplace, cost_currency, sold_units,
      cost_minor, costed_rows)
    SELECT NEW.day, NEW.account_id, NEW.marketplace, ifnull(NEW.cost_currency, ''),
      NEW.sold_units, ifnull(NEW.sold_units * NEW.cost_minor, 0), NEW.cost_minor IS NOT NULL
    WHERE NEW.sold_units > 0
    ON CONFLICT (day, account_id, marketplace, cost_currency) DO UPDATE SET
      sold_units = sold_units + excluded.sold_units,
      cost_minor = cost_minor + excluded.cost_minor,
      costed_rows = costed_rows + excluded.costed_rows;`;

/**
 * Takes away the sums of the old version of a row (its addition made the rows it updates), and
 * removes what reaches zero units, so both tables hold only what sold.
 */
const SUBTRACT = `
  UPDATE insights_sku_totals SET sold_units = sold_units - OLD.sold_units
    WHERE sku = OLD.sku AND OLD.sold_units > 0;
  DELETE FROM insights_sku_totals WHERE sku = OLD.sku AND sold_units = 0;
  UPDATE insights_cost_days SET sold_units = sold_units - OLD.sold_units,
      cost_minor = cost_minor - ifnull(OLD.sold_units * OLD.cost_minor, 0),
      costed_rows = costed_rows - (OLD.cost_minor IS NOT NULL)
    WHERE day = OLD.day AND account_id = OLD.account_id AND marketplace = OLD.marketplace
      AND cost_currency = ifnull(OLD.cost_currency, '') AND OLD.sold_units > 0;
  DELETE FROM insights_cost_days WHERE day = OLD.day AND account_id = OLD.account_id
    AND marketplace = OLD.marketplace AND cost_currency = ifnull(OLD.cost_currency, '')
    AND sold_units = 0;`;

const statements = `
-- Margin's cost of goods was the only reader of this index; insights_cost_days replaces it.
DROP INDEX IF EXISTS insights_sku_days_cost;

CREATE TABLE insights_sku_totals (
  sku         TEXT PRIMARY KEY,
  sold_units  INTEGER NOT NULL CHECK (sold_units >= 0)
) STRICT, WITHOUT ROWID;
CREATE INDEX insights_sku_totals_units ON insights_sku_totals (sold_units DESC, sku);

CREATE TABLE insights_cost_days (
  day            TEXT NOT NULL,
  account_id     INTEGER NOT NULL,
  marketplace    TEXT NOT NULL,
  cost_currency  TEXT NOT NULL,
  sold_units     INTEGER NOT NULL CHECK (sold_units >= 0),
  cost_minor     INTEGER NOT NULL,
  costed_rows    INTEGER NOT NULL CHECK (costed_rows >= 0),
  PRIMARY KEY (day, account_id, marketplace, cost_currency)
) STRICT, WITHOUT ROWID;

INSERT INTO insights_sku_totals (sku, sold_units)
  SELECT sku, sum(sold_units) FROM insights_sku_days GROUP BY sku HAVING sum(sold_units) > 0;
INSERT INTO insights_cost_days (day, account_id, marketplace, cost_currency, sold_units,
    cost_minor, costed_rows)
  SELECT day, account_id, marketplace, ifnull(cost_currency, ''), sum(sold_units),
    ifnull(sum(sold_units * cost_minor), 0), count(cost_minor)
  FROM insights_sku_days WHERE sold_units > 0
  GROUP BY day, account_id, marketplace, ifnull(cost_currency, '');

CREATE TRIGGER insights_sku_day_inserted AFTER INSERT ON insights_sku_days BEGIN
  ${ADD}
END;
CREATE TRIGGER insights_sku_day_deleted AFTER DELETE ON insights_sku_days BEGIN
  ${SUBTRACT}
END;
CREATE TRIGGER insights_sku_day_updated AFTER UPDATE ON insights_sku_days BEGIN
  ${SUBTRACT}
  ${ADD}
END;
`;

export const migration0011: Migration = {
  version: 11,
  name: 'insights_rollups',
  up(database) {
    database.exec(statements);
  },
};
