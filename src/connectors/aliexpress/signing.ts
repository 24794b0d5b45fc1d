/**
 * AliExpress Open Platform (IOP) request signing (notes §3.2, official doc "HTTP request sample"
 * and the official SDKs' `sign(secret, api, parameters)`):
 * 1. every request parameter, system and business, except `sign` itself;
 * 2. sorted by name in byte order (UTF-8 bytes, not locale order);
 * 3. concatenated as name1value1name2value2…;
 * 4. prefixed with the API name only when it contains `/` (system APIs such as
 *    `/auth/token/create`; business APIs called on /sync with `method=…` get no prefix);
 * 5. HMAC-SHA256 keyed with the app secret when `sign_method` is `sha256`, HMAC-MD5 when it is
 *    `hmac` (older SDKs); hex, upper case.
 * Pure: sign exactly the parameters that are sent. Exported under this name for outside checks.
 */
import { createHmac } from 'node:crypto';

const ALGORITHMS: Readonly<Record<string, 'sha256' | 'md5'>> = { sha256: 'sha256', hmac: 'md5' };

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function signAliExpress(input: {
  appSecret: string;
  apiName: string;
  params: Record<string, string>;
}): string {
  const { appSecret, apiName, params } = input;
  if (appSecret.length === 0) throw new RangeError('appSecret is empty');
  if (apiName.length === 0) throw new RangeError('apiName is empty');
  const method = params.sign_method;
  const algorithm = method === undefined ? undefined : ALGORITHMS[method];
  if (algorithm === undefined) {
    throw new RangeError(`sign_method must be sha256 or hmac, got ${String(method)}`);
  }
  const names = Object.keys(params)
    .filter((name) => name !== 'sign')
    .sort(byteOrder);
  let text = apiName.includes('/') ? apiName : '';
  for (const name of names) text += name + params[name];
  return createHmac(algorithm, Buffer.from(appSecret, 'utf8'))
    .update(text, 'utf8')
    .digest('hex')
    .toUpperCase();
}
