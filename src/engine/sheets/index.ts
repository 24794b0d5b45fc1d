/** Spreadsheet export and import (issue 10): the engine's and the CLI's entry points. */
export {
  exportSheet,
  SheetImports,
  SheetPreviewMissing,
  PREVIEW_ERRORS_SHOWN,
  PREVIEW_ROWS_SHOWN,
  type ExportRequest,
  type ImportSource,
} from './service.js';
export { SheetEncodingError } from './encoding.js';
export { SheetFileError } from './read.js';
export { SheetUploads } from './uploads.js';
