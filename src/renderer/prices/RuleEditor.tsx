/** The price rule editor: one channel's pricing inputs, validated here and again by the engine. */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, PriceRule } from '../../shared/api/index.js';
import { MARKETPLACES } from '../../shared/domain.js';
import { CURRENCY_CODES } from '../../shared/money.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { SelectField } from '../components/controls.js';
import { ruleFromForm, type FormProblem, type RuleForm } from './form.js';

const CURRENCY_OPTIONS = CURRENCY_CODES.map((code) => ({ value: code, label: code }));

function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem: FormProblem | undefined;
  testId: string;
  suffix?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <span className="prices-field-row">
        <input
          className="input"
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
          aria-invalid={props.problem ? true : undefined}
          data-testid={props.testId}
        />
        {props.suffix}
      </span>
      {props.problem ? (
        <span className="field-error">{t(`prices.errors.${props.problem.error}`)}</span>
      ) : null}
    </label>
  );
}

export function RuleEditor(props: {
  initial: RuleForm;
  accounts: readonly AccountSummary[];
  onSaved: (rule: PriceRule) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [form, setForm] = useState(props.initial);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set =
    <K extends keyof RuleForm>(field: K) =>
    (value: RuleForm[K]) =>
      setForm((current) => ({ ...current, [field]: value }));
  const problemOf = (field: keyof RuleForm) => problems.find((problem) => problem.field === field);

  const save = () => {
    const result = ruleFromForm(form);
    if ('problems' in result) {
      setProblems(result.problems);
      return;
    }
    setProblems([]);
    setSaving(true);
    setError(null);
    api.call('priceRules.save', result.input).then(
      (rule) => {
        setSaving(false);
        props.onSaved(rule);
      },
      (failure: unknown) => {
        setSaving(false);
        setError(toApiError(failure).message);
      },
    );
  };

  const accountOptions = [
    { value: '', label: t('prices.rules.chooseAccount') },
    ...props.accounts.map((account) => ({
      value: String(account.id),
      label: `${account.displayName} · ${account.marketplace} ${account.site}`,
    })),
  ];
  return (
    <form
      className="prices-rule-editor"
      data-testid="rule-editor"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="prices-form-grid">
        <TextField
          label={t('prices.rules.name')}
          value={form.name}
          onChange={set('name')}
          problem={problemOf('name')}
          testId="rule-name"
        />
        <SelectField
          label={t('prices.rules.scope')}
          value={form.scopeKind}
          options={[
            { value: 'account', label: t('prices.rules.scopeAccount') },
            { value: 'site', label: t('prices.rules.scopeSite') },
          ]}
          onChange={set('scopeKind')}
          inline={false}
          testId="rule-scope"
        />
        {form.scopeKind === 'account' ? (
          <SelectField
            label={t('prices.rules.account')}
            value={form.accountId}
            options={accountOptions}
            onChange={set('accountId')}
            inline={false}
            testId="rule-account"
          />
        ) : (
          <>
            <SelectField
              label={t('prices.rules.marketplace')}
              value={form.marketplace}
              options={MARKETPLACES.map((marketplace) => ({
                value: marketplace,
                label: marketplace,
              }))}
              onChange={set('marketplace')}
              inline={false}
            />
            <TextField
              label={t('prices.rules.site')}
              value={form.site}
              onChange={set('site')}
              problem={problemOf('site')}
              testId="rule-site"
            />
          </>
        )}
        <SelectField
          label={t('prices.rules.baseSource')}
          value={form.baseSource}
          options={[
            { value: 'cost', label: t('prices.rules.baseCost') },
            { value: 'sku_price', label: t('prices.rules.baseSkuPrice') },
          ]}
          onChange={set('baseSource')}
          inline={false}
          testId="rule-base"
        />
        <TextField
          label={t('prices.rules.markup')}
          value={form.markupPercent}
          onChange={set('markupPercent')}
          problem={problemOf('markupPercent')}
          testId="rule-markup"
          suffix="%"
        />
        <SelectField
          label={t('prices.rules.addonsCurrency')}
          value={form.addonsCurrency}
          options={CURRENCY_OPTIONS}
          onChange={set('addonsCurrency')}
          inline={false}
        />
        <TextField
          label={t('prices.rules.shipping')}
          value={form.shipping}
          onChange={set('shipping')}
          problem={problemOf('shipping')}
          testId="rule-shipping"
        />
        <TextField
          label={t('prices.rules.packaging')}
          value={form.packaging}
          onChange={set('packaging')}
          problem={problemOf('packaging')}
          testId="rule-packaging"
        />
        <TextField
          label={t('prices.rules.fee')}
          value={form.feePercent}
          onChange={set('feePercent')}
          problem={problemOf('feePercent')}
          testId="rule-fee"
          suffix="%"
        />
        <TextField
          label={t('prices.rules.fixedFee')}
          value={form.fixedFee}
          onChange={set('fixedFee')}
          problem={problemOf('fixedFee')}
          testId="rule-fixed-fee"
        />
        <SelectField
          label={t('prices.rules.fixedFeeCurrency')}
          value={form.fixedFeeCurrency}
          options={CURRENCY_OPTIONS}
          onChange={set('fixedFeeCurrency')}
          inline={false}
        />
        <SelectField
          label={t('prices.rules.ending')}
          value={form.ending}
          options={(['none', 'charm', 'half', 'whole'] as const).map((ending) => ({
            value: ending,
            label: t(`prices.endings.${ending}`),
          }))}
          onChange={set('ending')}
          inline={false}
          testId="rule-ending"
        />
        <TextField
          label={t('prices.rules.minMargin')}
          value={form.minMarginPercent}
          onChange={set('minMarginPercent')}
          problem={problemOf('minMarginPercent')}
          testId="rule-min-margin"
          suffix="%"
        />
      </div>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="prices-toolbar">
        <button
          type="submit"
          className="button is-primary"
          disabled={saving}
          data-testid="rule-save"
        >
          {t('prices.rules.save')}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('prices.rules.cancel')}
        </button>
      </div>
    </form>
  );
}
