/**
 * Reads pasted or imported `order id, carrier, tracking` rows: comma-, semicolon- or tab-separated
 * (a spreadsheet's copy is tab-separated), fields optionally in double quotes ("" inside a quoted
 * field is one quote), a header line skipped when it names the columns. Nothing is validated here
 * beyond the shape: the engine checks each row and answers an error per row.
 */
import type { ShipmentRowInput } from '../../shared/api/contract-operations.js';

/** Most rows one import sends (the contract's limit). */
export const MAX_SHIPMENT_ROWS = 5000;

export interface ParsedShipmentRows {
  rows: (ShipmentRowInput & { line: number })[];
  /** Rows beyond MAX_SHIPMENT_ROWS were left out. */
  truncated: boolean;
}

type Delimiter = ',' | ';' | '\t';

function delimiterOf(lines: readonly string[]): Delimiter {
  if (lines.some((line) => line.includes('\t'))) return '\t';
  if (lines.some((line) => line.includes(';')) && !lines.some((line) => line.includes(',')))
    return ';';
  return ',';
}

/** Splits one line into fields, honouring double quotes. */
export function splitFields(line: string, delimiter: Delimiter): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (char === delimiter) {
      fields.push(field.trim());
      field = '';
    } else field += char;
  }
  fields.push(field.trim());
  return fields;
}

const HEADER = /order|订单/i;
const HEADER_REST = /carrier|tracking|承运|运单|快递/i;

export function parseShipmentRows(text: string): ParsedShipmentRows {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const delimiter = delimiterOf(lines);
  const rows: ParsedShipmentRows['rows'] = [];
  let truncated = false;
  let first = true;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = splitFields(line, delimiter);
    if (first) {
      first = false;
      if (HEADER.test(fields[0] ?? '') && HEADER_REST.test(fields.slice(1).join(' '))) return;
    }
    if (rows.length >= MAX_SHIPMENT_ROWS) {
      truncated = true;
      return;
    }
    rows.push({
      line: index + 1,
      orderNumber: fields[0] ?? '',
      carrier: fields[1] ?? '',
      trackingNumber: fields[2] ?? '',
    });
  });
  return { rows, truncated };
}
