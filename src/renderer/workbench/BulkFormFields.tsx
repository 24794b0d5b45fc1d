/** The fields of each bulk action (price, quantity, buffer, titles, status). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField, SelectField } from '../components/controls.js';
import type {
  BulkForm,
  BulkKind,
  Direction,
  EndingChoice,
  FormProblem,
  PriceMode,
} from './bulk-form.js';

function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem?: string | null;
  hint?: string;
  testId?: string;
  mono?: boolean;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      <input
        id={id}
        className={`input${props.mono ? ' mono' : ''}`}
        value={props.value}
        data-testid={props.testId}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={props.problem || props.hint ? hintId : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.problem ? (
        <span id={hintId} className="field-error">
          {props.problem}
        </span>
      ) : props.hint ? (
        <span id={hintId} className="muted">
          {props.hint}
        </span>
      ) : null}
    </div>
  );
}

export function BulkFormFields(props: {
  kind: BulkKind;
  form: BulkForm;
  problem: FormProblem | null;
  onChange: (patch: Partial<BulkForm>) => void;
}) {
  const { t } = useTranslation();
  const { form, onChange, kind } = props;
  // "Required" is not an error while the field is still empty: the preview just waits.
  const problem =
    props.problem && props.problem !== 'required'
      ? t(`workbench.bulk.problems.${props.problem}`)
      : null;

  if (kind === 'price') {
    const modes: PriceMode[] = ['percent', 'amount', 'set', 'round'];
    const endings: EndingChoice[] = ['none', 'charm', 'half', 'whole'];
    const directions: Direction[] = ['nearest', 'up', 'down'];
    return (
      <div className="bulk-form">
        <SelectField
          label={t('workbench.bulk.priceMode')}
          value={form.priceMode}
          testId="bulk-price-mode"
          inline={false}
          options={modes.map((mode) => ({ value: mode, label: t(`workbench.bulk.modes.${mode}`) }))}
          onChange={(priceMode) => onChange({ priceMode })}
        />
        {form.priceMode !== 'round' ? (
          <TextField
            label={t(`workbench.bulk.valueLabels.${form.priceMode}`)}
            value={form.value}
            problem={problem}
            hint={t(`workbench.bulk.valueHints.${form.priceMode}`)}
            testId="bulk-value"
            onChange={(value) => onChange({ value })}
          />
        ) : null}
        <SelectField
          label={t('workbench.bulk.ending')}
          value={form.ending}
          testId="bulk-ending"
          inline={false}
          options={endings.map((ending) => ({
            value: ending,
            label: t(`workbench.bulk.endings.${ending}`),
          }))}
          onChange={(ending) => onChange({ ending })}
        />
        {form.ending !== 'none' ? (
          <SelectField
            label={t('workbench.bulk.direction')}
            value={form.direction}
            testId="bulk-direction"
            inline={false}
            options={directions.map((direction) => ({
              value: direction,
              label: t(`workbench.bulk.directions.${direction}`),
            }))}
            onChange={(direction) => onChange({ direction })}
          />
        ) : null}
        {form.priceMode === 'round' && problem ? (
          <span className="field-error">{problem}</span>
        ) : null}
        <p className="muted bulk-note">{t('workbench.bulk.endingNote')}</p>
      </div>
    );
  }
  if (kind === 'quantity' || kind === 'buffer') {
    return (
      <div className="bulk-form">
        <TextField
          label={t(`workbench.bulk.valueLabels.${kind}`)}
          value={form.value}
          problem={problem}
          hint={t(`workbench.bulk.valueHints.${kind}`)}
          testId="bulk-value"
          onChange={(value) => onChange({ value })}
        />
      </div>
    );
  }
  if (kind === 'title') {
    return (
      <div className="bulk-form">
        <TextField
          label={t('workbench.bulk.find')}
          value={form.find}
          problem={problem}
          testId="bulk-find"
          mono={form.regex}
          onChange={(find) => onChange({ find })}
        />
        <TextField
          label={t('workbench.bulk.replace')}
          value={form.replace}
          testId="bulk-replace"
          hint={form.regex ? t('workbench.bulk.replaceHint') : undefined}
          onChange={(replace) => onChange({ replace })}
        />
        <CheckboxField
          label={t('workbench.bulk.regex')}
          checked={form.regex}
          onChange={(regex) => onChange({ regex })}
        />
        <CheckboxField
          label={t('workbench.bulk.caseSensitive')}
          checked={form.caseSensitive}
          onChange={(caseSensitive) => onChange({ caseSensitive })}
        />
      </div>
    );
  }
  return (
    <div className="bulk-form">
      <SelectField
        label={t('listings.columns.status')}
        value={form.status}
        inline={false}
        options={(['active', 'inactive'] as const).map((status) => ({
          value: status,
          label: t(`enums.listingStatus.${status}`),
        }))}
        onChange={(status) => onChange({ status })}
      />
    </div>
  );
}
