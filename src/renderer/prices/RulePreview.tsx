/**
 * Preview then apply: the rule's prices for the listings it governs, with the margin at each new
 * price and every refusal with its reason; applying makes one pending change batch (nothing is
 * pushed until the seller pushes it from the workbench's pending changes).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PriceApplyOutcome, PricePreviewRow, PriceRule } from '../../shared/api/index.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { Badge } from '../components/Badge.js';
import { SmallTable } from '../components/DetailPanel.js';
import { ErrorState, LoadingState } from '../components/states.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { basisPointsToPercent, refusalDetail } from './form.js';

export function MarginCell({ row }: { row: PricePreviewRow }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!row.figure) return null;
  const percent =
    row.figure.marginBp === null ? '' : ` · ${basisPointsToPercent(row.figure.marginBp)} %`;
  const text = `${format.money(row.figure.margin)}${percent}`;
  return row.figure.underGuard ? (
    <span className="prices-under-guard" title={t('prices.preview.underGuard')}>
      {text}
    </span>
  ) : (
    <span>{text}</span>
  );
}

export function RulePreview({ rule, onClose }: { rule: PriceRule; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const preview = useApiCall(
    'priceRules.preview',
    { ruleId: rule.id, limit: 200 },
    { entities: ['listings', 'settings', 'catalog'] },
  );
  const [applying, setApplying] = useState(false);
  const [outcome, setOutcome] = useState<PriceApplyOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    setApplying(true);
    setError(null);
    api.call('priceRules.apply', { ruleId: rule.id }).then(
      (result) => {
        setApplying(false);
        setOutcome(result);
      },
      (failure: unknown) => {
        setApplying(false);
        setError(toApiError(failure).message);
      },
    );
  };
  if (preview.status === 'error' && !preview.data)
    return <ErrorState error={preview.error} onRetry={preview.reload} />;
  if (!preview.data) return <LoadingState />;
  const data = preview.data;
  return (
    <div className="prices-preview" data-testid="rule-preview">
      <div className="prices-toolbar">
        <strong>{t('prices.preview.title', { name: rule.name })}</strong>
        <span data-testid="preview-counts">
          {t('prices.preview.counts', {
            changed: data.changed,
            unchanged: data.unchanged,
            refused: data.refused,
          })}
        </span>
        <button
          type="button"
          className="button is-primary"
          onClick={apply}
          disabled={applying || data.changed === 0 || outcome !== null}
          data-testid="rule-apply"
        >
          {t('prices.preview.apply', { count: data.changed })}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('prices.preview.close')}
        </button>
      </div>
      {outcome ? (
        <div className="prices-applied" role="status" data-testid="apply-outcome">
          {t('prices.preview.applied', { count: outcome.changed, refused: outcome.refused })}{' '}
          <a href="#/listings">{t('prices.preview.toPending')}</a>
        </div>
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <SmallTable
        rows={data.rows}
        rowKey={(row) => row.listingId}
        empty={t('prices.preview.empty')}
        columns={[
          { header: t('prices.preview.sku'), cell: (row) => row.sku },
          { header: t('prices.preview.marketplace'), cell: (row) => row.marketplace },
          {
            header: t('prices.preview.before'),
            align: 'end',
            cell: (row) => format.money(row.before),
          },
          {
            header: t('prices.preview.after'),
            align: 'end',
            cell: (row) => (row.after ? format.money(row.after) : ''),
          },
          {
            header: t('prices.preview.margin', { currency: data.homeCurrency }),
            align: 'end',
            cell: (row) => <MarginCell row={row} />,
          },
          {
            header: t('prices.preview.status'),
            cell: (row) =>
              row.refusal ? (
                <span>
                  <Badge tone="bad">{t(`prices.refusals.${row.refusal.code}`)}</Badge>{' '}
                  {refusalDetail(i18n.language, row.refusal.message)}
                </span>
              ) : (
                <Badge tone="good">{t('prices.preview.ok')}</Badge>
              ),
          },
        ]}
      />
    </div>
  );
}
