import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, SheetEncodingError } from './encoding.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
/** "你好" in GB18030/GBK. */
const GBK_HELLO = [0xc4, 0xe3, 0xba, 0xc3];

describe('CSV encodings', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(
      decodeCsvBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('标题\n灯')])),
    ).toEqual({
      text: '标题\n灯',
      encoding: 'utf-8',
      damaged: false,
    });
    expect(decodeCsvBytes(utf8('a,b\n灯,1')).text).toBe('a,b\n灯,1');
  });

  it('decodes UTF-16 with a byte-order mark, either endianness', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('标题,SKU\n', 'utf16le')]);
    expect(decodeCsvBytes(le)).toMatchObject({ text: '标题,SKU\n', encoding: 'utf-16le' });
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toMatchObject({
      text: '标题,SKU\n',
      encoding: 'utf-16be',
    });
  });

  it('refuses UTF-16 without a byte-order mark rather than garbling it', () => {
    expect(() => decodeCsvBytes(Buffer.from('Title,SKU\nlamp,1\n', 'utf16le'))).toThrow(/UTF-16/);
  });

  it('refuses a GB18030 file, naming the encoding and how to save it', () => {
    const lines = Array.from({ length: 5 }, (_, n) =>
      Buffer.concat([Buffer.from(GBK_HELLO), Buffer.from(`,${n}\n`)]),
    );
    const file = Buffer.concat([Buffer.from('Title,Quantity\n'), ...lines]);
    expect(() => decodeCsvBytes(file)).toThrow(SheetEncodingError);
    expect(() => decodeCsvBytes(file)).toThrow(/GB18030.*CSV UTF-8/);
  });

  it('marks a UTF-8 file with a few damaged lines as damaged instead of refusing it', () => {
    const file = Buffer.concat([
      utf8('标题,数量\n灯,1\n'),
      Buffer.from(GBK_HELLO),
      utf8(',2\n灯笼,3\n'),
    ]);
    const decoded = decodeCsvBytes(file);
    expect(decoded.damaged).toBe(true);
    expect(decoded.text.split('\n')[2]).toMatch(/\uFFFD/);
    expect(decoded.text.split('\n')[3]).toBe('灯笼,3');
  });
});
