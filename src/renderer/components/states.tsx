/** Loading, empty and error states: each says what happened and what the seller can do. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/index.js';

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state is-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function EmptyState(props: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <div className="state is-empty">
      <div className="state-title">{props.title}</div>
      {props.hint ? <div className="muted">{props.hint}</div> : null}
      {props.action}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const code = error instanceof ApiError ? error.code : 'internal';
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <div className="state is-error" role="alert">
      <div className="state-title">{t(`errors.${code}.title`)}</div>
      <div>{t(`errors.${code}.action`)}</div>
      <div className="state-detail">
        {t('errors.detail')} {detail}
      </div>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
