/** The filters beyond the toolbar's selects: shop, price and stock ranges, language, unlinked. */
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CURRENCY_CODES } from '../../shared/money.js';
import { useApiCall } from '../api/use-api-call.js';
import { CheckboxField, SelectField } from '../components/controls.js';
import type { FilterProblem, FilterProblems, FilterState } from './filters.js';

const ACCOUNT_ENTITIES = ['accounts'] as const;

function TextFilter(props: {
  label: string;
  value: string;
  problem: FilterProblem | undefined;
  onChange: (value: string) => void;
  placeholder?: string;
  testId?: string;
  width?: number;
}) {
  const { t } = useTranslation();
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      <input
        id={id}
        className="input"
        style={{ width: props.width ?? 90 }}
        value={props.value}
        placeholder={props.placeholder}
        data-testid={props.testId}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={props.problem ? errorId : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.problem ? (
        <span id={errorId} className="field-error">
          {t(`workbench.filters.problems.${props.problem}`)}
        </span>
      ) : null}
    </div>
  );
}

export function MoreFilters(props: {
  state: FilterState;
  problems: FilterProblems;
  onChange: (patch: Partial<FilterState>) => void;
}) {
  const { t } = useTranslation();
  const accounts = useApiCall('accounts.list', {}, { entities: ACCOUNT_ENTITIES });
  const accountOptions = useMemo(
    () => [
      { value: '', label: t('filters.any') },
      ...(accounts.data ?? []).map((account) => ({
        value: String(account.id),
        label: `${account.displayName} (${account.site})`,
      })),
    ],
    [accounts.data, t],
  );
  const currencyOptions = useMemo(
    () => [
      { value: '', label: t('filters.any') },
      ...CURRENCY_CODES.map((code) => ({ value: code, label: code })),
    ],
    [t],
  );
  const { state, problems, onChange } = props;
  return (
    <div className="more-filters" role="group" aria-label={t('workbench.filters.more')}>
      <SelectField
        label={t('listings.columns.account')}
        value={state.accountId}
        options={accountOptions}
        onChange={(accountId) => onChange({ accountId })}
        inline={false}
      />
      <SelectField
        label={t('workbench.filters.currency')}
        value={state.currency}
        options={currencyOptions}
        onChange={(currency) => onChange({ currency })}
        testId="filter-currency"
        inline={false}
      />
      <TextFilter
        label={t('workbench.filters.priceMin')}
        value={state.priceMin}
        problem={problems.priceMin}
        onChange={(priceMin) => onChange({ priceMin })}
      />
      <TextFilter
        label={t('workbench.filters.priceMax')}
        value={state.priceMax}
        problem={problems.priceMax}
        onChange={(priceMax) => onChange({ priceMax })}
      />
      <TextFilter
        label={t('workbench.filters.quantityMin')}
        value={state.quantityMin}
        problem={problems.quantityMin}
        testId="filter-quantity-min"
        onChange={(quantityMin) => onChange({ quantityMin })}
      />
      <TextFilter
        label={t('workbench.filters.quantityMax')}
        value={state.quantityMax}
        problem={problems.quantityMax}
        onChange={(quantityMax) => onChange({ quantityMax })}
      />
      <TextFilter
        label={t('workbench.filters.missingTranslation')}
        value={state.missingTranslation}
        problem={problems.missingTranslation}
        placeholder={t('workbench.filters.languagePlaceholder')}
        width={110}
        onChange={(missingTranslation) => onChange({ missingTranslation })}
      />
      <CheckboxField
        label={t('workbench.filters.unlinked')}
        checked={state.unlinked}
        onChange={(unlinked) => onChange({ unlinked })}
      />
    </div>
  );
}
