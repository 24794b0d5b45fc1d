import { describe, expect, it } from 'vitest';
import { ATTENTION_ROUTES, attentionKind, countByKind } from './attention.js';
import { latestProgress, presetOf, SCHEDULE_PRESETS } from './sync-model.js';

const event = (runId: number, accountId: number, stream: 'orders' | 'push', items: number) => ({
  runId,
  accountId,
  stream,
  pages: 1,
  items,
  queueDepth: 0,
  etaSeconds: null,
});

describe('latestProgress', () => {
  it('keeps the newest event per shop and stream of the newest run only', () => {
    expect(
      latestProgress([
        event(1, 1, 'orders', 5),
        event(2, 2, 'push', 1),
        event(2, 1, 'orders', 10),
        event(2, 1, 'orders', 20),
      ]).map((e) => [e.accountId, e.stream, e.items]),
    ).toEqual([
      [1, 'orders', 20],
      [2, 'push', 1],
    ]);
  });
});

describe('schedule presets', () => {
  it('recognises a preset by its expression and anything else as custom', () => {
    expect(presetOf(` ${SCHEDULE_PRESETS.hourly} `)).toBe('hourly');
    expect(presetOf('15 6 * * *')).toBe('custom');
  });
});

describe('attention', () => {
  it('groups a report’s items by kind in a stable order, unknown kinds as other', () => {
    expect(
      countByKind([
        { kind: 'rejected' },
        { kind: 'conflict' },
        { kind: 'brand_new_kind' },
        { kind: 'conflict' },
      ]),
    ).toEqual([
      ['conflict', 2],
      ['rejected', 1],
      ['other', 1],
    ]);
    expect(attentionKind('drift')).toBe('drift');
  });

  it('sends conflicts and drift to the Conflicts view and refused edits to Pending changes', () => {
    expect(ATTENTION_ROUTES.conflict).toBe('#/listings/conflicts');
    expect(ATTENTION_ROUTES.drift).toBe('#/listings/conflicts');
    expect(ATTENTION_ROUTES.rejected).toBe('#/listings/pending');
  });
});
