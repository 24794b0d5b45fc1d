/**
 * Customs data in the inventory sheet: a product's HS code, declared value and currency, country
 * of origin, weight and dimensions sit beside each of its warehouse rows. A row whose customs
 * cells read as the export wrote them changes nothing; otherwise its cells are validated whole
 * (the declared value is a decimal in its currency, dimensions all or none, as the products
 * table requires) and the fields that differ become the product's change, written through
 * setProductCustoms. Two rows of one product that change it differently are refused: which
 * would win?
 */
import type { SheetColumnId, SheetFieldChange } from '../../shared/api/types-sheets.js';
import { isCurrencyCode, minorToDecimalString, parseDecimalToMinor } from '../../shared/money.js';
import {
  CUSTOMS_FIELDS,
  sameCustoms,
  type CustomsField,
  type CustomsValues,
} from '../store/product-customs.js';
import { cellText } from './columns.js';
import type { HeaderMatch } from './headers.js';
import { cellAt, type ErrorList } from './plan.js';
import type { SheetRow } from './read.js';

export const CUSTOMS_COLUMNS = [
  'hsCode',
  'declaredValue',
  'declaredCurrency',
  'countryOfOrigin',
  'weightGrams',
  'lengthMm',
  'widthMm',
  'heightMm',
] as const satisfies readonly SheetColumnId[];
type CustomsColumn = (typeof CUSTOMS_COLUMNS)[number];

const MAX_MEASURE = 2_000_000_000;

/** The customs cells as the export writes them. */
export function shownCustoms(values: CustomsValues | undefined): Record<CustomsColumn, string> {
  const whole = (value: number | null | undefined) =>
    value === null || value === undefined ? '' : String(value);
  const declared = values?.declaredValue ?? null;
  return {
    hsCode: values?.hsCode ?? '',
    declaredValue:
      declared && isCurrencyCode(declared.currency)
        ? minorToDecimalString(declared.amountMinor, declared.currency)
        : '',
    declaredCurrency: declared?.currency ?? '',
    countryOfOrigin: values?.countryOfOrigin ?? '',
    weightGrams: whole(values?.weightGrams),
    lengthMm: whole(values?.dimensions?.lengthMm),
    widthMm: whole(values?.dimensions?.widthMm),
    heightMm: whole(values?.dimensions?.heightMm),
  };
}

const EXPECTED: Record<CustomsColumn, string> = {
  hsCode: 'an HS code of 6 to 10 digits (dots and spaces allowed), or blank',
  declaredValue: 'a decimal amount in the declared currency, e.g. 9.00, or blank with the currency',
  declaredCurrency: 'a 3-letter currency code such as USD, or blank with the value',
  countryOfOrigin: 'a 2-letter ISO 3166 country code such as CN, or blank',
  weightGrams: 'a whole number of grams, 0 or more, or blank',
  lengthMm: 'a whole number of millimetres; length, width and height all filled or all blank',
  widthMm: 'a whole number of millimetres; length, width and height all filled or all blank',
  heightMm: 'a whole number of millimetres; length, width and height all filled or all blank',
};

function copyField<Field extends CustomsField>(
  to: Partial<CustomsValues>,
  from: CustomsValues,
  field: Field,
): void {
  to[field] = from[field];
}

export interface PlannedCustoms {
  row: number;
  productId: number;
  before: CustomsValues;
  changes: Partial<CustomsValues>;
}

/** Plans the customs part of the inventory sheet's rows, product by product. */
export class CustomsPlanner {
  private readonly byProduct = new Map<number, PlannedCustoms>();
  readonly columns: CustomsColumn[];

  constructor(
    private readonly match: HeaderMatch,
    private readonly errors: ErrorList,
    private readonly current: Map<number, CustomsValues>,
  ) {
    this.columns = CUSTOMS_COLUMNS.filter((column) => match.index.has(column));
  }

  get planned(): PlannedCustoms[] {
    return [...this.byProduct.values()];
  }

  /**
   * The row's customs changes (none when it reads as exported or repeats an earlier row's
   * change), or undefined after adding its errors.
   */
  planRow(row: SheetRow, productId: number): SheetFieldChange[] | undefined {
    if (this.columns.length === 0) return [];
    const before = this.current.get(productId);
    if (!before) return [];
    const shown = shownCustoms(before);
    const cells = { ...shown };
    for (const column of this.columns) {
      cells[column] = cellText(cellAt(row, this.match, column) ?? null).trim();
    }
    if (this.columns.every((column) => cells[column] === shown[column])) return [];
    const after = this.parse(row, cells);
    if (!after) return undefined;
    const changes: Partial<CustomsValues> = {};
    for (const field of CUSTOMS_FIELDS) {
      if (!sameCustoms(before[field], after[field])) copyField(changes, after, field);
    }
    if (Object.keys(changes).length === 0) return [];
    const earlier = this.byProduct.get(productId);
    if (earlier) {
      if (!sameCustoms(earlier.changes, changes)) {
        this.errors.add(
          row.row,
          this.columns[0]!,
          `the customs data differs from row ${earlier.row} of the same SKU`,
          'the same customs data in every row of a SKU (or change it in one row only)',
        );
        return undefined;
      }
      return [];
    }
    this.byProduct.set(productId, { row: row.row, productId, before, changes });
    const written = shownCustoms(after);
    return CUSTOMS_COLUMNS.filter((column) => written[column] !== shown[column]).map((column) => ({
      field: column,
      before: shown[column],
      after: written[column],
    }));
  }

  private parse(row: SheetRow, cells: Record<CustomsColumn, string>): CustomsValues | undefined {
    let valid = true;
    const fail = (column: CustomsColumn, message: string) => {
      this.errors.add(row.row, column, message, EXPECTED[column]);
      valid = false;
    };
    const hsDigits = cells.hsCode.replace(/[.\s]/g, '');
    if (hsDigits !== '' && !/^\d{6,10}$/.test(hsDigits))
      fail('hsCode', `"${cells.hsCode}" is not an HS code`);
    const country = cells.countryOfOrigin.toUpperCase();
    if (country !== '' && !/^[A-Z]{2}$/.test(country))
      fail('countryOfOrigin', `"${cells.countryOfOrigin}" is not a country code`);
    const measure = (column: CustomsColumn): number | null => {
      const value = cells[column];
      if (value === '') return null;
      if (/^\d{1,10}$/.test(value) && Number(value) <= MAX_MEASURE) return Number(value);
      fail(column, `"${value}" is not a whole number`);
      return null;
    };
    const weightGrams = measure('weightGrams');
    const sizes = (['lengthMm', 'widthMm', 'heightMm'] as const).map((column) => ({
      column,
      value: measure(column),
    }));
    const filled = sizes.filter((size) => cells[size.column] !== '');
    if (filled.length > 0 && filled.length < sizes.length) {
      for (const size of sizes) {
        if (cells[size.column] === '') fail(size.column, 'the dimension is empty');
      }
    }
    const currency = cells.declaredCurrency.toUpperCase();
    let declaredValue: CustomsValues['declaredValue'] = null;
    if (cells.declaredValue === '' && currency !== '') {
      fail('declaredValue', 'the declared value is empty but its currency is given');
    } else if (cells.declaredValue !== '' && currency === '') {
      fail('declaredCurrency', 'the declared value has no currency');
    } else if (currency !== '' && !isCurrencyCode(currency)) {
      fail('declaredCurrency', `"${cells.declaredCurrency}" is not a currency code`);
    } else if (currency !== '') {
      try {
        const amountMinor = parseDecimalToMinor(cells.declaredValue, currency);
        if (amountMinor < 0) fail('declaredValue', 'the declared value is negative');
        else declaredValue = { amountMinor, currency };
      } catch (error) {
        fail('declaredValue', error instanceof RangeError ? error.message : 'not an amount');
      }
    }
    if (!valid) return undefined;
    const [length = null, width = null, height = null] = sizes.map((size) => size.value);
    return {
      hsCode: hsDigits === '' ? null : hsDigits,
      declaredValue,
      countryOfOrigin: country === '' ? null : country,
      weightGrams,
      dimensions:
        length !== null && width !== null && height !== null
          ? { lengthMm: length, widthMm: width, heightMm: height }
          : null,
    };
  }
}
