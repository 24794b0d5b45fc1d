/**
 * Handlers of the spreadsheet methods (contract-sheets.ts), registered by handlers.ts. Exports
 * land in the folder the seller chose, else in the data folder's `exports` folder. Import
 * previews are kept by this engine (SheetImports) until applied or discarded; a file that cannot
 * be read (format, encoding, missing key column) is answered `invalid_input` with the reason.
 */
import { join } from 'node:path';
import { ApiError } from '../../shared/api/index.js';
import { createLogger } from '../../shared/log.js';
import {
  exportSheet,
  SheetEncodingError,
  SheetFileError,
  SheetImports,
  SheetPreviewMissing,
  SheetUploads,
} from '../sheets/index.js';
import type { Handlers } from './dispatch.js';
import type { HandlerContext } from './handlers.js';

const log = createLogger('sheets');

export type SheetsMethod =
  | 'sheets.uploadChunk'
  | 'sheets.export'
  | 'sheets.previewImport'
  | 'sheets.applyImport'
  | 'sheets.discardImport';

function fileProblem(error: unknown): unknown {
  if (error instanceof SheetFileError || error instanceof SheetEncodingError) {
    return new ApiError('invalid_input', error.message);
  }
  if (error instanceof SheetPreviewMissing) return new ApiError('not_found', error.message);
  return error;
}

export function createSheetsHandlers(
  context: HandlerContext,
  newKey: () => string,
): Pick<Handlers, SheetsMethod> {
  const imports = new SheetImports(context.store, newKey);
  const uploads = new SheetUploads();
  return {
    'sheets.uploadChunk': ({ uploadId, index, total, base64 }) => {
      try {
        return uploads.add(uploadId, index, total, Buffer.from(base64, 'base64'));
      } catch (error) {
        throw fileProblem(error);
      }
    },
    'sheets.export': (input) => exportSheet(context.store, input, join(context.dataDir, 'exports')),
    'sheets.previewImport': async (input) => {
      try {
        return await imports.preview({
          kind: input.kind,
          path: input.path,
          bytes:
            input.uploadId !== undefined
              ? uploads.take(input.uploadId)
              : input.base64 === undefined
                ? undefined
                : Buffer.from(input.base64, 'base64'),
          fileName: input.fileName,
        });
      } catch (error) {
        throw fileProblem(error);
      }
    },
    'sheets.applyImport': ({ previewId }) => {
      try {
        const outcome = imports.apply(previewId);
        if (outcome.accountIds?.length && context.startSync) {
          // Shipments go out now, as a pasted "mark shipped" does: the push step sends them.
          context.startSync({ accountIds: outcome.accountIds, steps: ['push'] }).then(
            (started) => {
              if (!started.started) log.info('imported shipments wait for the run under way');
            },
            (error: unknown) =>
              log.warn('a push run for imported shipments could not start', { error }),
          );
        }
        if (outcome.changed > 0) {
          context.emitChanged(
            outcome.kind === 'orders'
              ? ['orders']
              : outcome.kind === 'inventory'
                ? ['catalog', 'listings']
                : ['listings', 'changes'],
          );
        }
        return outcome;
      } catch (error) {
        throw fileProblem(error);
      }
    },
    'sheets.discardImport': ({ previewId }) => ({ discarded: imports.discard(previewId) }),
  };
}
