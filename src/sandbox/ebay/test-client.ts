/**
 * A tiny eBay client for the fake's own tests, written from the docs (not from our connector): it
 * gets a user token through the real consent → code → token flow and sends raw requests.
 */
import { startEbaySandbox, type EbaySandbox, type EbaySandboxOptions } from './index.js';

export const TEST_START = Date.UTC(2026, 3, 14, 18, 0, 0);

export interface Answer {
  status: number;
  headers: Headers;
  json: unknown;
}

export interface TestClient {
  sandbox: EbaySandbox;
  token: string;
  refreshToken: string;
  call(
    method: string,
    pathAndQuery: string,
    options?: { body?: unknown; headers?: Record<string, string>; token?: string | null },
  ): Promise<Answer>;
  tokenRequest(form: Record<string, string>, basic?: string): Promise<Answer>;
}

export async function startTestClient(options: EbaySandboxOptions = {}): Promise<TestClient> {
  const sandbox = await startEbaySandbox({
    startTime: TEST_START,
    rateLimit: null,
    items: 40,
    orders: 40,
    orderDays: 20,
    ...options,
  });
  const basic = Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64');
  const tokenRequest = async (
    form: Record<string, string>,
    auth = `Basic ${basic}`,
  ): Promise<Answer> => {
    const response = await fetch(sandbox.tokenUrl, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, headers: response.headers, json: await response.json() };
  };
  const code = sandbox.control.issueAuthorizationCode();
  const tokens = (
    await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: sandbox.ruName })
  ).json as {
    access_token: string;
    refresh_token: string;
  };
  const client: TestClient = {
    sandbox,
    token: tokens.access_token,
    refreshToken: tokens.refresh_token,
    tokenRequest,
    async call(method, pathAndQuery, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const token = options.token === undefined ? client.token : options.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (options.body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${sandbox.baseUrl}${pathAndQuery}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        json: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
    },
  };
  return client;
}

/** The first error's id of an eBay error body. */
export function errorId(answer: Answer): number | undefined {
  return (answer.json as { errors?: { errorId: number }[] } | undefined)?.errors?.[0]?.errorId;
}
