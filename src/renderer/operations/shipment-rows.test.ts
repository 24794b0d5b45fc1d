import { describe, expect, it } from 'vitest';
import { MAX_SHIPMENT_ROWS, parseShipmentRows, splitFields } from './shipment-rows.js';

describe('parseShipmentRows', () => {
  it('reads comma rows with line numbers, skipping blank lines and a header', () => {
    const { rows, truncated } = parseShipmentRows(
      'order id, carrier, tracking\n\n240101ABC, DHL, JD0001\r\n240102DEF,"Ninja, Van","NV ""7"""\n',
    );
    expect(truncated).toBe(false);
    expect(rows).toEqual([
      { line: 3, orderNumber: '240101ABC', carrier: 'DHL', trackingNumber: 'JD0001' },
      { line: 4, orderNumber: '240102DEF', carrier: 'Ninja, Van', trackingNumber: 'NV "7"' },
    ]);
  });

  it('reads a spreadsheet copy (tabs) and semicolon files, and keeps short rows for the engine to refuse', () => {
    expect(parseShipmentRows('A1\tUPS\t1Z\nA2\tUPS').rows).toEqual([
      { line: 1, orderNumber: 'A1', carrier: 'UPS', trackingNumber: '1Z' },
      { line: 2, orderNumber: 'A2', carrier: 'UPS', trackingNumber: '' },
    ]);
    expect(parseShipmentRows('订单号;承运商;运单号\nA1;顺丰;SF1').rows).toEqual([
      { line: 2, orderNumber: 'A1', carrier: '顺丰', trackingNumber: 'SF1' },
    ]);
  });

  it('does not take a data row for a header', () => {
    expect(parseShipmentRows('ORDER-1,DHL,JD1').rows).toHaveLength(1);
  });

  it('stops at the contract limit and says so', () => {
    const text = Array.from({ length: MAX_SHIPMENT_ROWS + 2 }, (_, i) => `O${i},DHL,T${i}`).join(
      '\n',
    );
    const parsed = parseShipmentRows(text);
    expect(parsed.rows).toHaveLength(MAX_SHIPMENT_ROWS);
    expect(parsed.truncated).toBe(true);
  });

  it('splits quoted fields only where a quote opens the field', () => {
    expect(splitFields('a"b,"c,d"', ',')).toEqual(['a"b', 'c,d']);
  });
});
