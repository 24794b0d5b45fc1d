/**
 * Conflicts and drift, per listing field: base / mine / theirs side by side. A conflict (both
 * sides changed the field) is settled by keeping mine, taking theirs or editing a third value; a
 * drift (the marketplace changed a field the seller had not touched) is adopted or overridden.
 * Settling queues what the choice needs; "Push now" sends it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictReviewRow } from '../../shared/api/index.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { EnumBadge } from '../components/Badge.js';
import { SelectField } from '../components/controls.js';
import { EmptyState, ErrorState, LoadingState } from '../components/states.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { ConflictEditor } from './ConflictEditor.js';
import { useFieldName, useFieldValue } from './field-values.js';
import { useWorkbench } from './WorkbenchContext.js';

const ENTITIES = ['listings', 'changes', 'sync'] as const;
const PAGE = 50;
type Kind = '' | 'conflict' | 'drift';

export function ConflictsView() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const fieldName = useFieldName();
  const valueText = useFieldValue();
  const { setNotice } = useWorkbench();
  const [kind, setKind] = useState<Kind>('');
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const page = useApiCall(
    'conflicts.review',
    { ...(kind ? { kind } : {}), offset, limit: PAGE },
    { entities: ENTITIES },
  );

  const resolve = (row: ConflictReviewRow, choice: 'mine' | 'theirs' | 'edit', value?: unknown) => {
    setBusy(true);
    api
      .call('conflicts.resolve', {
        conflictId: row.id,
        choice,
        ...(value === undefined ? {} : { value: value as string | number | string[] }),
      })
      .then(
        (outcome) => {
          setBusy(false);
          setEditing(null);
          setNotice({
            tone: 'good',
            text: t('conflicts.settled', { sku: row.sku, count: outcome.queuedJobs }),
          });
        },
        (error: unknown) => {
          setBusy(false);
          setNotice({ tone: 'bad', text: toApiError(error).message });
        },
      );
  };
  const pushNow = () => {
    setBusy(true);
    api.call('changes.push', { all: true }).then(
      (outcome) => {
        setBusy(false);
        setNotice(
          outcome.run && outcome.queued > 0
            ? { tone: 'good', text: t('pending.push.started', { count: outcome.queued }) }
            : { tone: 'warn', text: t('pending.push.nothing') },
        );
      },
      (error: unknown) => {
        setBusy(false);
        setNotice({ tone: 'bad', text: toApiError(error).message });
      },
    );
  };

  const rows = page.data?.rows ?? [];
  const total = page.data?.total ?? 0;
  return (
    <>
      <div className="toolbar" role="toolbar" aria-label={t('conflicts.toolbar')}>
        <SelectField
          label={t('conflicts.kind')}
          value={kind}
          testId="conflict-kind"
          options={[
            { value: '', label: t('filters.any') },
            { value: 'conflict', label: t('conflicts.kinds.conflict') },
            { value: 'drift', label: t('conflicts.kinds.drift') },
          ]}
          onChange={(value) => {
            setKind(value);
            setOffset(0);
          }}
        />
        <button
          type="button"
          className="button is-primary"
          disabled={busy}
          onClick={pushNow}
          data-testid="conflicts-push"
        >
          {t('conflicts.pushNow')}
        </button>
        <span className="muted">{t('conflicts.hint')}</span>
      </div>
      {page.error ? <ErrorState error={page.error} onRetry={page.reload} /> : null}
      <div className="conflicts-scroll">
        {!page.data ? (
          <LoadingState />
        ) : rows.length === 0 ? (
          <EmptyState title={t('conflicts.empty')} hint={t('conflicts.emptyHint')} />
        ) : (
          <table className="small-table conflict-table" data-testid="conflicts-table">
            <thead>
              <tr>
                <th>{t('conflicts.columns.listing')}</th>
                <th>{t('conflicts.columns.field')}</th>
                <th>{t('conflicts.columns.base')}</th>
                <th>{t('conflicts.columns.mine')}</th>
                <th>{t('conflicts.columns.theirs')}</th>
                <th>{t('conflicts.columns.choice')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-testid="conflict-row" data-kind={row.kind}>
                  <td>
                    <EnumBadge kind="marketplace" value={row.marketplace} />{' '}
                    <span className="mono">{row.sku}</span>
                    <div className="muted conflict-title">
                      {row.title} · {row.accountName}
                    </div>
                  </td>
                  <td>
                    {fieldName(row.field)}
                    <div className="muted">{t(`conflicts.kinds.${row.kind}`)}</div>
                  </td>
                  <td>{valueText(row.field, row.base, row.currency)}</td>
                  <td data-testid="conflict-mine">
                    {row.kind === 'drift' ? '' : valueText(row.field, row.mine, row.currency)}
                  </td>
                  <td data-testid="conflict-theirs">
                    {valueText(row.field, row.theirs, row.currency)}
                  </td>
                  <td className="conflict-actions">
                    {editing === row.id ? (
                      <ConflictEditor
                        row={row}
                        busy={busy}
                        onSave={(value) => resolve(row, 'edit', value)}
                        onCancel={() => setEditing(null)}
                      />
                    ) : row.kind === 'conflict' ? (
                      <>
                        <button
                          type="button"
                          className="button"
                          disabled={busy}
                          onClick={() => resolve(row, 'mine')}
                          data-testid="keep-mine"
                        >
                          {t('conflicts.keepMine')}
                        </button>
                        <button
                          type="button"
                          className="button"
                          disabled={busy}
                          onClick={() => resolve(row, 'theirs')}
                          data-testid="take-theirs"
                        >
                          {t('conflicts.takeTheirs')}
                        </button>
                        <button
                          type="button"
                          className="button is-quiet"
                          disabled={busy}
                          onClick={() => setEditing(row.id)}
                        >
                          {t('conflicts.edit')}
                        </button>
                      </>
                    ) : (
                      <>
                        <button
                          type="button"
                          className="button"
                          disabled={busy}
                          onClick={() => resolve(row, 'theirs')}
                          data-testid="adopt"
                        >
                          {t('conflicts.adopt')}
                        </button>
                        <button
                          type="button"
                          className="button"
                          disabled={busy || row.base === null}
                          onClick={() => resolve(row, 'mine')}
                          data-testid="override"
                        >
                          {t('conflicts.override')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {total > PAGE ? (
        <div className="pager">
          <button
            type="button"
            className="button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            {t('conflicts.previous')}
          </button>
          <span>
            {t('conflicts.range', {
              from: format.number(offset + 1),
              to: format.number(Math.min(total, offset + PAGE)),
              total: format.number(total),
            })}
          </span>
          <button
            type="button"
            className="button"
            disabled={offset + PAGE >= total}
            onClick={() => setOffset(offset + PAGE)}
          >
            {t('conflicts.next')}
          </button>
        </div>
      ) : null}
    </>
  );
}
