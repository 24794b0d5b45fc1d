/**
 * Live progress of the run under way: one line per shop and stream from the engine's
 * `sync.progress` events (pages, items, queue, ETA), and each reachable shop's rate-limit buckets
 * from `sync.status`, asked again every second while the run lasts.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload, SyncStatus } from '../../shared/api/index.js';
import type { AccountId } from '../../shared/ids.js';
import { useApi } from '../api/ApiProvider.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { latestProgress } from './sync-model.js';

type Progress = EventPayload<'sync.progress'>;
const STATUS_EVERY_MS = 1000;

/** Collects progress events for as long as the component lives. */
export function useProgressEvents(): Progress[] {
  const api = useApi();
  const [events, setEvents] = useState<Progress[]>([]);
  useEffect(
    () => api.on('sync.progress', (event) => setEvents((list) => latestProgress([...list, event]))),
    [api],
  );
  return events;
}

function useStatus(running: boolean): SyncStatus | null {
  const api = useApi();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    if (!running) return undefined;
    let live = true;
    const ask = () =>
      api.call('sync.status', {}).then(
        (answer) => {
          if (live) setStatus(answer);
        },
        () => undefined,
      );
    void ask();
    const timer = setInterval(() => void ask(), STATUS_EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, running]);
  return running ? status : null;
}

export function SyncProgress(props: {
  running: boolean;
  events: readonly Progress[];
  accountNames: Map<AccountId, string>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const status = useStatus(props.running);
  const buckets = useMemo(
    () => (status?.accounts ?? []).filter((account) => account.buckets.length > 0),
    [status],
  );
  const name = (id: number) => props.accountNames.get(id as AccountId) ?? `#${id}`;
  if (!props.running) return <div className="muted">{t('sync.live.idle')}</div>;
  return (
    <div className="op-form" data-testid="sync-progress">
      {props.events.length ? (
        <table className="op-table">
          <thead>
            <tr>
              <th>{t('sync.detail.account')}</th>
              <th>{t('sync.live.stream')}</th>
              <th className="is-end">{t('sync.live.pages')}</th>
              <th className="is-end">{t('sync.live.items')}</th>
              <th className="is-end">{t('sync.live.queue')}</th>
              <th className="is-end">{t('sync.live.eta')}</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((event) => (
              <tr key={`${event.accountId}:${event.stream}`}>
                <td translate="no">{name(event.accountId)}</td>
                <td>{t(`sync.streams.${event.stream}`)}</td>
                <td className="is-end">{format.number(event.pages)}</td>
                <td className="is-end">{format.number(event.items)}</td>
                <td className="is-end">{format.number(event.queueDepth)}</td>
                <td className="is-end">
                  {event.etaSeconds === null
                    ? t('sync.live.etaUnknown')
                    : t('sync.eta', { seconds: format.number(event.etaSeconds) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="muted">{t('sync.live.starting')}</div>
      )}
      {buckets.length ? (
        <ul className="op-list" aria-label={t('sync.live.buckets')}>
          {buckets.flatMap((account) =>
            account.buckets.map((bucket) => (
              <li key={`${account.accountId}:${bucket.bucket}`}>
                <span translate="no">{name(account.accountId)}</span> ·{' '}
                <span className="mono" translate="no">
                  {bucket.bucket}
                </span>
                {': '}
                {t('sync.live.bucket', {
                  waiting: format.number(bucket.waiting),
                  rate: format.number(bucket.perSecond),
                })}
              </li>
            )),
          )}
        </ul>
      ) : null}
    </div>
  );
}
