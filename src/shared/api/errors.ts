/**
 * One error shape crosses every transport. `issues` names the offending fields so the renderer can
 * point at them; `message` is for people and never carries secrets or buyer data.
 */
import { z } from 'zod';

export const API_ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'not_found',
  'conflict',
  'constraint',
  'unauthorized',
  'busy',
  'unavailable',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const FieldIssue = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

export const ApiErrorPayload = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  issues: z.array(FieldIssue).optional(),
});
export type ApiErrorPayload = z.infer<typeof ApiErrorPayload>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }

  toPayload(): ApiErrorPayload {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }

  static fromPayload(payload: ApiErrorPayload): ApiError {
    return new ApiError(payload.code, payload.message, payload.issues);
  }
}

/** Turns zod issues into field-level issues with dotted paths ("changes.priceMinor"). */
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}
