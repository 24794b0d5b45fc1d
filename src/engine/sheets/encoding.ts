/**
 * A CSV file's text encoding, decided from its bytes before anything is parsed, so a file is never
 * read in the wrong encoding and silently garbled.
 *
 * - A UTF-8 BOM, or bytes that are valid UTF-8 throughout: UTF-8.
 * - A UTF-16 BOM (Excel's "Unicode text"): decoded as UTF-16, little or big endian.
 * - Not valid UTF-8 in (nearly) every line with non-ASCII text: the whole file is refused, naming the encoding it looks like
 *   (GB18030/GBK is what Excel writes as "CSV" on a Chinese Windows) and how to save it as UTF-8.
 * - Not valid UTF-8 in some lines while other non-ASCII lines are: those lines are decoded with U+FFFD for the bad bytes
 *   and the reader reports each such cell as an error of its own row (a damaged line, not a
 *   wrongly encoded file).
 */

export class SheetEncodingError extends Error {
  override readonly name = 'SheetEncodingError';
}

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** True when some bytes were not valid UTF-8 and were replaced by U+FFFD. */
  damaged: boolean;
}

const REPLACEMENT = '\uFFFD';

export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeUtf8(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return {
      text: new TextDecoder('utf-16le').decode(bytes.subarray(2)),
      encoding: 'utf-16le',
      damaged: false,
    };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return {
      text: new TextDecoder('utf-16be').decode(bytes.subarray(2)),
      encoding: 'utf-16be',
      damaged: false,
    };
  }
  if (looksLikeUtf16WithoutBom(bytes)) {
    throw new SheetEncodingError(
      'The file looks like UTF-16 text without a byte-order mark; save it as "CSV UTF-8" and import again',
    );
  }
  return decodeUtf8(bytes);
}

function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      encoding: 'utf-8',
      damaged: false,
    };
  } catch {
    // Not valid throughout: decide below whether the file or a few lines are at fault.
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  let nonAscii = 0;
  let damaged = 0;
  for (const line of text.split('\n')) {
    if (/[\u0080-\uffff]/u.test(line)) nonAscii++;
    if (line.includes(REPLACEMENT)) damaged++;
  }
  if (damaged > 1 && damaged * 10 >= nonAscii * 9) {
    throw new SheetEncodingError(
      `The file is not UTF-8 (${damaged} lines are not): it looks like ${legacyEncodingOf(bytes)}. ` +
        'In Excel, save it as "CSV UTF-8 (Comma delimited)" and import again',
    );
  }
  return { text, encoding: 'utf-8', damaged: true };
}

/** The encoding a non-UTF-8 file most likely is, named for the seller. */
function legacyEncodingOf(bytes: Uint8Array): string {
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    return 'GB18030/GBK (Chinese Windows)';
  } catch {
    return 'a legacy single-byte encoding such as Windows-1252';
  }
}

/** Many zero bytes at odd or even positions: UTF-16 text of mostly ASCII characters. */
function looksLikeUtf16WithoutBom(bytes: Uint8Array): boolean {
  const sample = Math.min(bytes.length, 4096);
  if (sample < 4) return false;
  let zeros = 0;
  for (let index = 0; index < sample; index++) if (bytes[index] === 0) zeros++;
  return zeros * 4 >= sample;
}

export function hasReplacement(text: string): boolean {
  return text.includes(REPLACEMENT);
}
