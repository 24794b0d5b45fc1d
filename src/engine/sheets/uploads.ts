/**
 * Files sent to the engine in chunks (browser mode: a file input gives bytes, and one frame of
 * the WebSocket transport carries at most 1 MiB). Chunks arrive in order under an upload id and
 * are kept in memory until the preview takes the whole file; a few uploads at most, each capped
 * at the import's size limit.
 */
import { MAX_SHEET_BYTES } from '../../shared/api/contract-sheets.js';
import { SheetFileError } from './read.js';

/** Uploads kept at once; the oldest unfinished one is dropped first. */
const UPLOADS_KEPT = 4;

interface Upload {
  chunks: Buffer[];
  total: number;
  bytes: number;
}

export class SheetUploads {
  private readonly uploads = new Map<string, Upload>();

  /** Adds chunk `index` of `total`; answers the bytes received so far and whether it is whole. */
  add(
    uploadId: string,
    index: number,
    total: number,
    chunk: Buffer,
  ): { received: number; complete: boolean } {
    let upload = this.uploads.get(uploadId);
    if (index === 0) {
      upload = { chunks: [], total, bytes: 0 };
      this.uploads.set(uploadId, upload);
      while (this.uploads.size > UPLOADS_KEPT) {
        this.uploads.delete(this.uploads.keys().next().value!);
      }
    }
    if (!upload || index !== upload.chunks.length || total !== upload.total) {
      this.uploads.delete(uploadId);
      throw new SheetFileError(
        `The file arrived out of order (chunk ${index + 1} of ${total}); choose the file again`,
      );
    }
    upload.bytes += chunk.byteLength;
    if (upload.bytes > MAX_SHEET_BYTES) {
      this.uploads.delete(uploadId);
      throw new SheetFileError(`The file is larger than ${MAX_SHEET_BYTES / 2 ** 20} MiB`);
    }
    upload.chunks.push(chunk);
    return { received: upload.bytes, complete: upload.chunks.length === upload.total };
  }

  /** The whole file of a finished upload, which is forgotten. */
  take(uploadId: string): Buffer {
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.chunks.length !== upload.total) {
      throw new SheetFileError('The file was not received whole; choose the file again');
    }
    this.uploads.delete(uploadId);
    return Buffer.concat(upload.chunks);
  }
}
