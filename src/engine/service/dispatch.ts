/**
 * The engine's door. Every frame from every transport comes through `createDispatcher`: the frame
 * and its input are validated against the contract, the handler runs, and any failure becomes an
 * ApiError payload. Handlers receive parsed input only, so they never see malformed data.
 */
import {
  ApiError,
  CallFrame,
  contract,
  isMethodName,
  issuesFromZod,
  type MethodName,
  type OutputOf,
  type ParsedInputOf,
  type ResultFrame,
} from '../../shared/api/index.js';

export type Handlers = {
  [M in MethodName]: (input: ParsedInputOf<M>) => OutputOf<M> | Promise<OutputOf<M>>;
};

export interface Dispatcher {
  /** Handles one raw frame; always resolves to a result frame (never throws). */
  handle(frame: unknown): Promise<ResultFrame>;
}

export function createDispatcher(
  handlers: Handlers,
  onInternalError: (method: string, error: unknown) => void,
): Dispatcher {
  return {
    async handle(raw: unknown): Promise<ResultFrame> {
      const frame = CallFrame.safeParse(raw);
      if (!frame.success) {
        const id =
          typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number'
            ? raw.id
            : -1;
        return failure(
          id,
          new ApiError('invalid_input', 'Malformed call frame', issuesFromZod(frame.error)),
        );
      }
      const { id, method, input } = frame.data;
      if (!isMethodName(method)) {
        return failure(id, new ApiError('unknown_method', `Unknown method "${method}"`));
      }
      const parsed = contract[method].input.safeParse(input ?? {});
      if (!parsed.success) {
        const issues = issuesFromZod(parsed.error);
        const fields = issues.map((issue) => issue.path).join(', ');
        return failure(
          id,
          new ApiError('invalid_input', `Invalid input for ${method}: ${fields}`, issues),
        );
      }
      try {
        const handler = handlers[method] as (input: unknown) => unknown;
        const value = await handler(parsed.data);
        return { type: 'result', id, ok: true, value };
      } catch (error) {
        if (error instanceof ApiError) return failure(id, error);
        onInternalError(method, error);
        return failure(
          id,
          new ApiError('internal', `${method} failed unexpectedly; the error was logged`),
        );
      }
    },
  };
}

function failure(id: number, error: ApiError): ResultFrame {
  return { type: 'result', id, ok: false, error: error.toPayload() };
}
