/**
 * How store failures cross the engine's door: each store error becomes the ApiError code the
 * contract defines for it, keeping the store's message (which names the row, column or rule).
 * Anything unrecognised is rethrown so the dispatcher logs it and answers `internal`.
 */
import { ApiError } from '../../shared/api/index.js';
import {
  ConstraintViolation,
  InvalidStoreInput,
  RecordNotFound,
  StoreBusyError,
  VersionConflict,
} from '../store/errors.js';

export function toApiError(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof RecordNotFound) return new ApiError('not_found', error.message);
  if (error instanceof VersionConflict) return new ApiError('conflict', error.message);
  if (error instanceof ConstraintViolation) return new ApiError('constraint', error.message);
  if (error instanceof InvalidStoreInput) return new ApiError('invalid_input', error.message);
  if (error instanceof StoreBusyError) return new ApiError('busy', error.message);
  return error;
}
