/**
 * JSON_LISTINGS_FEED documents the connector builds validate against Amazon's
 * listings-feed-schema-v2.json, and Amazon's processing report example (its schema's own example
 * file) maps back to one result per edit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectSchemaValid, specFile } from '../../../tests/conformance/openapi.js';
import { buildListingsFeed, outcomesFromReport, type FeedEdit } from './feeds.js';
import { ProcessingReport } from './schemas.js';

const offer = (value: number) => ({
  op: 'merge' as const,
  path: '/attributes/purchasable_offer',
  value: [
    {
      marketplace_id: 'ATVPDKIKX0DER',
      currency: 'USD',
      audience: 'ALL',
      our_price: [{ schedule: [{ value_with_tax: value }] }],
    },
  ],
});

describe('JSON_LISTINGS_FEED', () => {
  it('builds documents that validate against listings-feed-schema-v2.json', () => {
    const edits: FeedEdit[] = [
      { sku: 'A', productType: 'LUGGAGE', patches: [offer(19.99)] },
      {
        sku: 'B/2',
        productType: 'SHOES',
        patches: [
          {
            op: 'merge',
            path: '/attributes/fulfillment_availability',
            value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 0 }],
          },
        ],
      },
    ];
    const document = buildListingsFeed('A1SELLER', edits, 'en_US');
    expectSchemaValid('amazon/listings-feed-schema-v2.json', document);
    expect(document.messages.map((message) => message.messageId)).toEqual([1, 2]);
    expect(JSON.stringify(document)).toContain('"value_with_tax":19.99');
  });

  it("maps Amazon's example processing report back to each edit, errors with Amazon's text", () => {
    const example = JSON.parse(
      readFileSync(
        specFile('amazon/listings-feed-processing-report-schema-v2.example.json'),
        'utf8',
      ),
    ) as unknown;
    expectSchemaValid('amazon/listings-feed-processing-report-schema-v2.json', example);
    const report = ProcessingReport.parse(example);
    const edits = ['My-SKU-A', 'My-SKU-X', 'My-SKU-Y', 'My-SKU-B', 'My-SKU-C'].map((sku) => ({
      sku,
      productType: 'LUGGAGE',
      patches: [offer(30)],
    }));
    const outcomes = outcomesFromReport(edits, report, false);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true, false, false]);
    expect(outcomes[3]).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: '90220',
      message:
        "'[batteries_required]' is required but not supplied. '[supplier_declared_dg_hz_regulation]' is required but not supplied.",
    });
    expect(outcomes[4]).toMatchObject({
      code: '99022',
      message: expect.stringContaining("'purchasable_offer.our_price'") as unknown,
    });
  });

  it('fails every edit of a FATAL feed with the feed-level text', () => {
    const report = ProcessingReport.parse({
      header: { sellerId: 'A1', version: '2.0', feedId: '1' },
      issues: [
        { code: '100001', severity: 'ERROR', message: 'The feed document is not valid JSON.' },
      ],
      summary: {
        errors: 1,
        warnings: 0,
        messagesProcessed: 0,
        messagesAccepted: 0,
        messagesInvalid: 0,
      },
    });
    const outcomes = outcomesFromReport(
      [{ sku: 'A', productType: 'X', patches: [offer(1)] }],
      report,
      true,
    );
    expect(outcomes).toEqual([
      {
        ok: false,
        kind: 'permanent',
        code: null,
        message: '100001: The feed document is not valid JSON.',
        maybeApplied: false,
      },
    ]);
  });
});
