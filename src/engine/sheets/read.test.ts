import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readSheet } from './read.js';

/** A workbook as Excel saves it: shared strings, a formula, rich text, long CJK text. */
async function excelLikeWorkbook(rows: number): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Listings');
  sheet.addRow(['刊登ID', '标题', '价格']);
  for (let n = 0; n < rows; n++) {
    sheet.addRow([n + 1, `无线蓝牙耳机 ${'降噪长续航'.repeat(n % 7)} ${n}`, 19.99]);
  }
  sheet.getCell('B2').value = { richText: [{ text: '粗体' }, { text: '标题' }] };
  sheet.getCell('C3').value = { formula: '10+2.5', result: 12.5 };
  const buffer = await workbook.xlsx.writeBuffer({ useSharedStrings: true });
  return new Uint8Array(buffer);
}

describe('reading XLSX', () => {
  it('keeps multi-byte text whole across the reader’s chunks, through shared strings', async () => {
    const table = await readSheet(await excelLikeWorkbook(5000), 'xlsx');
    expect(table.headers).toEqual(['刊登ID', '标题', '价格']);
    expect(table.rows).toHaveLength(5000);
    expect(table.rows[0]).toEqual({ row: 2, cells: [1, '粗体标题', 19.99] });
    expect(table.rows[1]!.cells[2]).toBe(12.5);
    const damaged = table.rows.filter((row) => String(row.cells[1]).includes('\uFFFD'));
    expect(damaged).toEqual([]);
    expect(table.rows[4999]!.cells[1]).toBe(`无线蓝牙耳机 ${'降噪长续航'.repeat(4999 % 7)} 4999`);
  });

  it('refuses a file that is not a workbook, saying so', async () => {
    await expect(readSheet(new TextEncoder().encode('a,b\n1,2'), 'xlsx')).rejects.toThrow(
      /could not be read as an Excel workbook/,
    );
  });
});
