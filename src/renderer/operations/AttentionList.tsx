/**
 * What a sync run found that needs the seller, by kind, each kind with a link to where it is dealt
 * with (attention.ts). The items' own messages are the engine's and the marketplaces' words, shown
 * as they came.
 */
import { useTranslation } from 'react-i18next';
import type { SyncAttention } from '../../shared/api/index.js';
import type { AccountId } from '../../shared/ids.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { ATTENTION_ROUTES, attentionKind, countByKind } from './attention.js';

/** Messages shown per kind; the rest are counted. */
const SHOWN_PER_KIND = 5;

export function AttentionList(props: {
  items: readonly SyncAttention[];
  accountNames: Map<AccountId, string>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const groups = countByKind(props.items);
  if (!groups.length) {
    return <div className="muted">{t('sync.detail.nothingNeedsAttention')}</div>;
  }
  return (
    <ul className="op-list" data-testid="attention-list">
      {groups.map(([kind, count]) => {
        const items = props.items.filter((item) => attentionKind(item.kind) === kind);
        const route = ATTENTION_ROUTES[kind];
        return (
          <li key={kind} className="op-choice" data-kind={kind}>
            <div className="op-form">
              <div className="op-form-row">
                <strong>{t(`sync.attention.${kind}`)}</strong>
                <span className="muted">{format.number(count)}</span>
                {route ? (
                  <a href={route} className="button" data-testid={`attention-link-${kind}`}>
                    {t(`sync.attention.open.${kind}` as 'sync.attention.open.conflict')}
                  </a>
                ) : null}
              </div>
              <ul className="op-list">
                {items.slice(0, SHOWN_PER_KIND).map((item, index) => (
                  <li key={index} className="op-message">
                    {item.accountId !== undefined ? (
                      <span translate="no">
                        {props.accountNames.get(item.accountId) ?? `#${item.accountId}`}
                        {': '}
                      </span>
                    ) : null}
                    <span translate="no">{item.message}</span>
                  </li>
                ))}
                {items.length > SHOWN_PER_KIND ? (
                  <li className="op-message">
                    {t('sync.attention.more', { count: items.length - SHOWN_PER_KIND })}
                  </li>
                ) : null}
              </ul>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
