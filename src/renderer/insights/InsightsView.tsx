/**
 * Insights: sales, best and worst sellers, returns and cancellations, stock cover and margin, each
 * as a chart with its table, filtered by one period (in the seller's time zone) and channel. The
 * engine computes everything from its summaries; every number links to the orders behind it.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MARKETPLACES, type Marketplace } from '../../shared/domain.js';
import { useApiCall } from '../api/use-api-call.js';
import { SelectField } from '../components/controls.js';
import { LoadingState } from '../components/states.js';
import { useSettings } from '../settings/SettingsProvider.js';
import { EnumFilter, asList, type Choice } from '../views/common.js';
import {
  naturalGrain,
  PERIOD_PRESETS,
  periodFromHash,
  periodOf,
  todayIn,
  type PeriodPreset,
} from './period.js';
import type { InsightFilter } from './parts.js';

const InsightsBody = lazy(() => import('./InsightsBody.js'));

const GRAINS = ['auto', 'day', 'week', 'month'] as const;
type GrainChoice = (typeof GRAINS)[number];
const ACCOUNT_ENTITIES = ['accounts'] as const;

export function InsightsView() {
  const { t } = useTranslation();
  const { settings } = useSettings();
  const accounts = useApiCall('accounts.list', {}, { entities: ACCOUNT_ENTITIES });
  // A link (the morning report, a bookmark) may name the period; otherwise the last 30 days.
  const [custom] = useState(() => periodFromHash(window.location.hash));
  const [preset, setPreset] = useState<PeriodPreset | 'custom'>(custom ? 'custom' : '30d');
  const [grain, setGrain] = useState<GrainChoice>('auto');
  const [marketplace, setMarketplace] = useState<Choice<Marketplace>>('');
  const [account, setAccount] = useState('');
  const today = todayIn(settings.timeZone);

  const filter = useMemo((): InsightFilter => {
    const period =
      preset === 'custom' && custom
        ? custom
        : periodOf(preset === 'custom' ? '30d' : preset, today);
    const marketplaces = asList(marketplace);
    return {
      ...period,
      grain: grain === 'auto' ? naturalGrain(period.from, period.to) : grain,
      ...(marketplaces ? { marketplaces } : {}),
      ...(account ? { accountIds: [Number(account)] } : {}),
    };
  }, [preset, custom, today, grain, marketplace, account]);

  const accountOptions = useMemo(
    () => [
      { value: '', label: t('filters.any') },
      ...(accounts.data ?? []).map((entry) => ({
        value: String(entry.id),
        label: entry.displayName,
      })),
    ],
    [accounts.data, t],
  );

  return (
    <section className="view insights" data-testid="view-insights">
      <div className="toolbar" role="toolbar" aria-label={t('insights.filters')}>
        <SelectField
          label={t('insights.period')}
          value={preset}
          options={[
            ...PERIOD_PRESETS.map((value) => ({ value, label: t(`insights.presets.${value}`) })),
            ...(custom
              ? [
                  {
                    value: 'custom' as const,
                    label: t('insights.presets.custom', { from: custom.from, to: custom.to }),
                  },
                ]
              : []),
          ]}
          onChange={setPreset}
          testId="insights-period"
        />
        <SelectField
          label={t('insights.grain')}
          value={grain}
          options={GRAINS.map((value) => ({ value, label: t(`insights.grains.${value}`) }))}
          onChange={setGrain}
          testId="insights-grain"
        />
        <EnumFilter
          label={t('insights.columns.marketplace')}
          kind="marketplace"
          values={MARKETPLACES}
          value={marketplace}
          onChange={setMarketplace}
        />
        <SelectField
          label={t('insights.account')}
          value={account}
          options={accountOptions}
          onChange={setAccount}
        />
        <span className="muted insight-zone">
          {t('insights.zoneNote', {
            zone: settings.timeZone,
            currency: settings.homeCurrency,
          })}
        </span>
      </div>
      <Suspense fallback={<LoadingState />}>
        <InsightsBody filter={filter} />
      </Suspense>
    </section>
  );
}
