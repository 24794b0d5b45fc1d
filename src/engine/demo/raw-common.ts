/** What the raw listing and order payloads share: Amazon's marketplace ids and Shopee's clock. */
import type { DemoSite } from './sites.js';

const AMAZON_MARKETPLACE_IDS: Readonly<Record<string, string>> = {
  US: 'ATVPDKIKX0DER',
  DE: 'A1PA6795UKMFR9',
  JP: 'A1VC38T7YXB528',
};

/** Amazon's id of the site's marketplace, as its payloads carry it. */
export function amazonMarketplaceId(site: DemoSite): string {
  return AMAZON_MARKETPLACE_IDS[site.site] ?? '';
}

/** Seconds since the epoch, as Shopee writes its times. */
export function unixSeconds(iso: string | null): number | null {
  return iso === null ? null : Math.floor(Date.parse(iso) / 1000);
}
