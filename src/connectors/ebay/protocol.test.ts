import { describe, expect, it } from 'vitest';
import type { RawReply, RequestSpec } from '../http/client.js';
import { interpretEbayReply, createEbayTokenProtocol } from './protocol.js';

const spec = (method: RequestSpec['method'] = 'GET'): RequestSpec => ({
  operation: 'test.op',
  bucket: 'inventory',
  method,
  path: '/x',
  idempotent: method === 'GET',
  authenticated: true,
});
function reply(status: number, body: unknown, headers: Record<string, string> = {}): RawReply {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  let parseError: string | null = null;
  try {
    json = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (text === '') parseError = 'empty body';
  } catch (error) {
    parseError = String(error);
  }
  return { status, headers, text, json, parseError };
}
const errors = (errorId: number, message = 'm') => ({
  errors: [{ errorId, domain: 'API_INVENTORY', category: 'REQUEST', message }],
});
const kindOf = (raw: RawReply, method: RequestSpec['method'] = 'GET') => {
  try {
    interpretEbayReply(raw, spec(method));
    return 'ok';
  } catch (error) {
    const e = error as { kind: string; marketplaceCode: string | null; maybeApplied: boolean };
    return `${e.kind}:${e.marketplaceCode ?? '-'}${e.maybeApplied ? ':maybe' : ''}`;
  }
};

describe('eBay replies into the error taxonomy', () => {
  it('passes 2xx through, empty bodies included', () => {
    expect(interpretEbayReply(reply(204, undefined), spec('PUT')).body).toBeUndefined();
    expect(
      interpretEbayReply(reply(201, {}, { location: 'L' }), spec('POST')).headers.location,
    ).toBe('L');
  });

  it("maps eBay's signals", () => {
    expect(kindOf(reply(429, errors(2001)))).toBe('rate_limited:2001');
    expect(kindOf(reply(401, errors(1001)))).toBe('auth_expired:1001');
    expect(kindOf(reply(403, errors(1100)))).toBe('auth_expired:1100');
    expect(kindOf(reply(403, errors(215001)))).toBe('permanent:215001');
    expect(kindOf(reply(500, errors(25001)), 'POST')).toBe('retryable:25001:maybe');
    expect(kindOf(reply(500, errors(25025)))).toBe('retryable:25025');
    expect(kindOf(reply(400, errors(25025)), 'PUT')).toBe('retryable:25025:maybe');
    expect(kindOf(reply(400, errors(25709)))).toBe('permanent:25709');
    expect(kindOf(reply(404, '<html>'))).toBe('permanent:-');
    expect(kindOf(reply(200, '{"cut'), 'POST')).toBe('retryable:-:maybe');
  });

  it('reads OAuth errors of the token endpoint', () => {
    const protocol = createEbayTokenProtocol(() => undefined);
    const token = (raw: RawReply) => {
      try {
        protocol.interpret(raw, { ...spec('POST'), operation: 'auth.refresh_token' });
        return 'ok';
      } catch (error) {
        const e = error as { kind: string; reason?: string };
        return `${e.kind}${e.reason ? `:${e.reason}` : ''}`;
      }
    };
    expect(token(reply(400, { error: 'invalid_grant', error_description: 'gone' }))).toBe(
      'needs_user:reauthorize',
    );
    expect(token(reply(400, { error: 'invalid_scope' }))).toBe('needs_user:permission');
    expect(token(reply(401, { error: 'invalid_client' }))).toBe('permanent');
    expect(token(reply(503, 'busy'))).toBe('retryable');
    expect(token(reply(200, { access_token: 't', expires_in: 7200 }))).toBe('ok');
  });
});
