/** Pieces the Insights sections share: the card with its state, the filter, the rate warning. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversionNote, DataEntity } from '../../shared/api/index.js';
import type { Marketplace } from '../../shared/domain.js';
import type { CallState } from '../api/use-api-call.js';
import { ErrorState, LoadingState } from '../components/states.js';
import { useFormat } from '../settings/SettingsProvider.js';

/** Answers change when orders, stock or settings (zone, home currency) do. */
export const INSIGHT_ENTITIES: readonly DataEntity[] = ['orders', 'catalog', 'settings'];

export interface InsightFilter {
  from: string;
  to: string;
  grain: 'day' | 'week' | 'month';
  marketplaces?: Marketplace[];
  accountIds?: number[];
}

export function InsightCard(props: {
  title: string;
  testId: string;
  call: Pick<CallState<unknown>, 'status' | 'error' | 'reload' | 'data'>;
  controls?: ReactNode;
  children: ReactNode;
}) {
  const { call } = props;
  return (
    <section className="insight-card" data-testid={props.testId} aria-label={props.title}>
      <header className="insight-card-header">
        <h2 className="insight-card-title">{props.title}</h2>
        {props.controls ? <div className="insight-card-controls">{props.controls}</div> : null}
      </header>
      {call.error && !call.data ? (
        <ErrorState error={call.error} onRetry={call.reload} />
      ) : !call.data ? (
        <LoadingState />
      ) : (
        props.children
      )}
    </section>
  );
}

/** Says which amounts are left out (no rate) or converted with an old rate. */
export function ConversionWarning({ note }: { note: ConversionNote }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (note.unconverted.length === 0 && note.staleRateSums === 0) return null;
  return (
    <div className="insight-warning" role="note" data-testid="insights-conversion">
      {note.unconverted.length > 0
        ? t('insights.conversion.missing', {
            amounts: note.unconverted
              .map((entry) =>
                format.money({ amountMinor: entry.amountMinor, currency: entry.currency }),
              )
              .join(', '),
            home: note.homeCurrency,
          })
        : null}{' '}
      {note.staleRateSums > 0 ? t('insights.conversion.stale', { sums: note.staleRateSums }) : null}
    </div>
  );
}
