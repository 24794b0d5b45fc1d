/**
 * `POST /api/<method>` for browser mode and scripts: the JSON body is the method's input, the
 * response is the dispatcher's result frame, and the HTTP status mirrors the error code so curl
 * and fetch users can branch on it without parsing. The body is read with a hard size limit so a
 * runaway client cannot exhaust memory.
 */
import type { IncomingMessage } from 'node:http';
import type { ApiErrorCode, ResultFrame } from '../../shared/api/index.js';
import type { Engine } from '../service/engine-types.js';

export const MAX_BODY_BYTES = 1024 * 1024;

const STATUS_BY_CODE: Readonly<Record<ApiErrorCode, number>> = {
  invalid_input: 400,
  unknown_method: 404,
  not_found: 404,
  conflict: 409,
  constraint: 409,
  unauthorized: 401,
  busy: 503,
  unavailable: 503,
  internal: 500,
};

export function statusFor(frame: ResultFrame): number {
  return frame.ok ? 200 : STATUS_BY_CODE[frame.error.code];
}

export interface ApiReply {
  status: number;
  frame: ResultFrame;
}

function failure(status: number, code: ApiErrorCode, message: string, path = '(body)'): ApiReply {
  return {
    status,
    frame: {
      type: 'result',
      id: 0,
      ok: false,
      error: { code, message, issues: [{ path, message }] },
    },
  };
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Handles one API request whose method name was taken from the path. */
export async function handleApiRequest(
  engine: Engine,
  request: IncomingMessage,
  method: string,
): Promise<ApiReply> {
  if (request.method !== 'POST') {
    return failure(405, 'invalid_input', `Use POST for /api/${method}`, '(method)');
  }
  // A JSON content type cannot be sent by a plain cross-site form, which closes a CSRF path even
  // before the Origin and cookie checks.
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return failure(
      415,
      'invalid_input',
      'Send the input as Content-Type: application/json',
      '(content-type)',
    );
  }
  let text: string;
  try {
    text = await readBody(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      return failure(413, 'invalid_input', `The request body is over ${MAX_BODY_BYTES} bytes`);
    }
    throw error;
  }
  let input: unknown;
  if (text.trim() !== '') {
    try {
      input = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return failure(400, 'invalid_input', `The request body is not valid JSON: ${reason}`);
    }
  }
  const frame = await engine.handle({ type: 'call', id: 0, method, input });
  return { status: statusFor(frame), frame };
}
