/**
 * Shopee Open Platform v2 request signing (developer guide, "Signature Calculation"): HMAC-SHA256
 * keyed with the partner key (its UTF-8 text), lower-case hex, over the concatenation without
 * separators of
 * - public APIs (auth link, token/get, access_token/get): partner_id + api_path + timestamp;
 * - shop APIs:     partner_id + api_path + timestamp + access_token + shop_id;
 * - merchant APIs: partner_id + api_path + timestamp + access_token + merchant_id.
 * `apiPath` is the path only (no host, no query), e.g. `/api/v2/order/get_order_list`.
 * Pure: the same input always gives the same signature. Exported exactly so outside checks can call it.
 */
import { createHmac } from 'node:crypto';

export function signShopee(input: {
  partnerId: number;
  partnerKey: string;
  apiPath: string;
  timestamp: number;
  accessToken?: string;
  shopId?: number;
  merchantId?: number;
}): string {
  const { partnerId, partnerKey, apiPath, timestamp, accessToken, shopId, merchantId } = input;
  if (!Number.isSafeInteger(partnerId) || partnerId <= 0)
    throw new RangeError('partnerId must be a positive integer');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new RangeError('timestamp must be Unix seconds');
  if (!apiPath.startsWith('/') || apiPath.includes('?'))
    throw new RangeError('apiPath is the path only, e.g. /api/v2/shop/auth_partner');
  if (partnerKey.length === 0) throw new RangeError('partnerKey is empty');
  if (shopId !== undefined && merchantId !== undefined)
    throw new RangeError('a call is signed for a shop or a merchant, not both');
  const ownerId = shopId ?? merchantId;
  if (ownerId !== undefined && (!Number.isSafeInteger(ownerId) || ownerId <= 0)) {
    throw new RangeError('shopId / merchantId must be a positive integer');
  }
  const base = `${partnerId}${apiPath}${timestamp}${accessToken ?? ''}${ownerId ?? ''}`;
  return createHmac('sha256', Buffer.from(partnerKey, 'utf8')).update(base, 'utf8').digest('hex');
}
