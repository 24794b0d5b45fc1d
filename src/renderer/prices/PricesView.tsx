/** The Prices view: FX rates, price rules per channel, and each rule's preview-then-apply. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PriceRule } from '../../shared/api/index.js';
import { useApiCall } from '../api/use-api-call.js';
import { Section, SmallTable } from '../components/DetailPanel.js';
import { ErrorState, LoadingState } from '../components/states.js';
import { useSettings } from '../settings/SettingsProvider.js';
import { basisPointsToPercent, emptyRuleForm, formFromRule, type RuleForm } from './form.js';
import { RatesPanel } from './RatesPanel.js';
import { RuleEditor } from './RuleEditor.js';
import { RulePreview } from './RulePreview.js';
import './prices.css';

function scopeText(rule: PriceRule): string {
  return rule.scope.kind === 'account'
    ? rule.scope.accountName
    : `${rule.scope.marketplace} ${rule.scope.site}`;
}

export function PricesView() {
  const { t } = useTranslation();
  const { settings } = useSettings();
  const fx = useApiCall('fx.list', {}, { entities: ['settings'] });
  const rules = useApiCall('priceRules.list', {}, { entities: ['settings', 'accounts'] });
  const accounts = useApiCall('accounts.list', {}, { entities: ['accounts'] });
  const [editing, setEditing] = useState<RuleForm | null>(null);
  const [previewing, setPreviewing] = useState<PriceRule | null>(null);

  return (
    <section className="view view-prices" data-testid="view-prices">
      <div className="prices">
        {fx.data ? (
          <RatesPanel overview={fx.data} onChanged={fx.reload} />
        ) : fx.status === 'error' ? (
          <ErrorState error={fx.error} onRetry={fx.reload} />
        ) : (
          <LoadingState />
        )}
        <Section title={t('prices.rules.title')}>
          <div className="prices-toolbar">
            <span className="muted">
              {t('prices.rules.hint', { currency: settings.homeCurrency })}
            </span>
            <button
              type="button"
              className="button"
              onClick={() => setEditing(emptyRuleForm(settings.homeCurrency))}
              data-testid="rule-new"
            >
              {t('prices.rules.new')}
            </button>
          </div>
          {editing ? (
            <RuleEditor
              key={editing.id ?? 'new'}
              initial={editing}
              accounts={accounts.data ?? []}
              onSaved={(rule) => {
                setEditing(null);
                rules.reload();
                setPreviewing(rule);
              }}
              onCancel={() => setEditing(null)}
            />
          ) : null}
          {rules.status === 'error' && !rules.data ? (
            <ErrorState error={rules.error} onRetry={rules.reload} />
          ) : null}
          <div data-testid="rules-table">
            <SmallTable
              rows={rules.data ?? []}
              rowKey={(rule) => rule.id}
              empty={t('prices.rules.empty')}
              columns={[
                { header: t('prices.rules.name'), cell: (rule) => rule.name },
                { header: t('prices.rules.scope'), cell: scopeText },
                {
                  header: t('prices.rules.markup'),
                  align: 'end',
                  cell: (rule) => `${basisPointsToPercent(rule.markupBp)} %`,
                },
                {
                  header: t('prices.rules.fee'),
                  align: 'end',
                  cell: (rule) => `${basisPointsToPercent(rule.feeBp)} %`,
                },
                {
                  header: t('prices.rules.ending'),
                  cell: (rule) => t(`prices.endings.${rule.ending}`),
                },
                {
                  header: t('prices.rules.minMargin'),
                  align: 'end',
                  cell: (rule) =>
                    rule.minMarginBp === null ? '' : `${basisPointsToPercent(rule.minMarginBp)} %`,
                },
                {
                  header: t('prices.rules.actions'),
                  cell: (rule) => (
                    <span className="prices-actions">
                      <button
                        type="button"
                        className="button is-quiet"
                        onClick={() => setEditing(formFromRule(rule))}
                      >
                        {t('prices.rules.edit')}
                      </button>
                      <button
                        type="button"
                        className="button"
                        onClick={() => setPreviewing(rule)}
                        data-testid={`rule-preview-${rule.id}`}
                      >
                        {t('prices.rules.preview')}
                      </button>
                    </span>
                  ),
                },
              ]}
            />
          </div>
        </Section>
        {previewing ? (
          <RulePreview key={previewing.id} rule={previewing} onClose={() => setPreviewing(null)} />
        ) : null}
      </div>
    </section>
  );
}
