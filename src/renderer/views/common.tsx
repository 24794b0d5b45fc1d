/** Pieces every view uses: the frame with its test id, account names, enum filter options. */
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountId } from '../../shared/ids.js';
import { useApiCall } from '../api/use-api-call.js';
import { useEnumLabel, type EnumKind, type EnumKinds } from '../components/Badge.js';
import { SelectField, type SelectOption } from '../components/controls.js';
import { ErrorState } from '../components/states.js';
import type { ViewName } from '../shell/routes.js';

export function ViewFrame(props: {
  view: ViewName;
  toolbar?: ReactNode;
  notices?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="view" data-testid={`view-${props.view}`}>
      {props.toolbar ? (
        <div className="toolbar" role="toolbar">
          {props.toolbar}
        </div>
      ) : null}
      {props.notices}
      <div className="view-split">{props.children}</div>
    </section>
  );
}

const ACCOUNT_ENTITIES = ['accounts'] as const;

/** Account id → display name, for tables that carry only ids. */
export function useAccountNames(): Map<AccountId, string> {
  const accounts = useApiCall('accounts.list', {}, { entities: ACCOUNT_ENTITIES });
  return useMemo(
    () => new Map((accounts.data ?? []).map((account) => [account.id, account.displayName])),
    [accounts.data],
  );
}

/** '' means "any": the select's first option. */
export type Choice<V extends string> = V | '';

export function useEnumOptions<K extends EnumKind>(
  kind: K,
  values: readonly EnumKinds[K][],
): SelectOption<Choice<EnumKinds[K]>>[] {
  const { t } = useTranslation();
  const label = useEnumLabel();
  return useMemo(
    (): SelectOption<Choice<EnumKinds[K]>>[] => [
      { value: '', label: t('filters.any') },
      ...values.map((value) => ({ value, label: label(kind, value) })),
    ],
    [t, label, kind, values],
  );
}

/** A toolbar select over one enumeration, "any" first; the views' filters are mostly these. */
export function EnumFilter<K extends EnumKind>(props: {
  label: string;
  kind: K;
  values: readonly EnumKinds[K][];
  value: Choice<EnumKinds[K]>;
  onChange: (value: Choice<EnumKinds[K]>) => void;
}) {
  const options = useEnumOptions(props.kind, props.values);
  return (
    <SelectField
      label={props.label}
      value={props.value}
      options={options}
      onChange={props.onChange}
    />
  );
}

/** A filter choice as the contract's optional array. */
export function asList<V extends string>(choice: Choice<V>): V[] | undefined {
  return choice === '' ? undefined : [choice];
}

/** Shown in a grid when the engine refused or failed. */
export function gridError(error: unknown, retry: () => void) {
  return <ErrorState error={error} onRetry={retry} />;
}
