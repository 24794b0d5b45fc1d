/** The side panel that shows one record next to its grid; Escape or the close button dismiss it. */
import { useEffect, useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Formatter } from '../i18n/format.js';
import { ErrorState, LoadingState } from './states.js';

export function DetailPanel(props: {
  title: string;
  subtitle?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const { onClose } = props;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <aside className="detail" aria-labelledby={titleId} data-testid={props.testId}>
      <header className="detail-header">
        <div className="detail-heading">
          <h2 id={titleId}>{props.title}</h2>
          {props.subtitle ? <div className="detail-subtitle">{props.subtitle}</div> : null}
        </div>
        <button
          type="button"
          className="button is-quiet"
          onClick={onClose}
          aria-label={t('common.close')}
          title={t('common.close')}
        >
          ✕
        </button>
      </header>
      <div className="detail-body">{props.children}</div>
    </aside>
  );
}

/**
 * The panel while its record is not there yet: the load error with a retry, else a spinner. The
 * title is the generic one, since the record that would name the panel has not arrived.
 */
export function PendingDetailPanel(props: {
  title: string;
  onClose: () => void;
  /** The record's load: its error (null while still under way) and a retry. */
  load: { error: unknown; reload: () => void };
}) {
  const { error, reload } = props.load;
  return (
    <DetailPanel title={props.title} onClose={props.onClose}>
      {error ? <ErrorState error={error} onRetry={reload} /> : <LoadingState />}
    </DetailPanel>
  );
}

/** A two-column list of labelled facts. */
export function Facts({ items }: { items: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="facts">
      {items.map(([label, value]) => (
        <div className="fact" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="detail-section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

export interface TableColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
  align?: 'start' | 'end';
}

/** A right-aligned count column, the small tables' most common kind. */
export function countColumn<T>(
  header: string,
  count: (row: T) => number,
  format: Formatter,
): TableColumn<T> {
  return { header, align: 'end', cell: (row) => format.number(count(row)) };
}

/** A small static table for a detail's few rows (stock per warehouse, order lines). */
export function SmallTable<T>(props: {
  columns: readonly TableColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  empty: string;
}) {
  if (!props.rows.length) return <div className="muted">{props.empty}</div>;
  return (
    <table className="small-table">
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th key={column.header} className={column.align === 'end' ? 'is-end' : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, index) => (
          <tr key={props.rowKey(row, index)}>
            {props.columns.map((column) => (
              <td key={column.header} className={column.align === 'end' ? 'is-end' : undefined}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
