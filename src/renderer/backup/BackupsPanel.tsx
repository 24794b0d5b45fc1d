/**
 * Backups in Settings: the store's backups (newest first), "Back up now", and restore with a
 * confirmation that says the current data is backed up first. After a restore every view reloads
 * (the engine announces every entity changed).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupSummary } from '../../shared/api/index.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { Section } from '../components/DetailPanel.js';
import { ErrorState, LoadingState } from '../components/states.js';
import { useFormat } from '../settings/SettingsProvider.js';
import type { ApiError } from '../../shared/api/index.js';

export function sizeText(bytes: number, number: (value: number) => string): string {
  if (bytes >= 1024 * 1024) return `${number(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB`;
  return `${number(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

export function BackupsPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const list = useApiCall('backups.list', {}, { entities: ['sync', 'settings'] });
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<BackupSummary | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const act = (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    work().then(
      (message) => {
        setNotice(message);
        setBusy(false);
        list.reload();
      },
      (failure: unknown) => {
        setError(toApiError(failure));
        setBusy(false);
        list.reload();
      },
    );
  };

  const backUp = () =>
    act(async () => {
      const made = await api.call('backups.create', {});
      return t('backups.made', { when: format.dateTime(made.createdAt) });
    });
  const restore = (backup: BackupSummary) => {
    setConfirming(null);
    act(async () => {
      await api.call('backups.restore', { file: backup.file });
      return t('backups.restored', { when: format.dateTime(backup.createdAt) });
    });
  };

  return (
    <Section title={t('backups.title')}>
      <div data-testid="backups-panel">
        <p className="muted">{t('backups.hint')}</p>
        <div className="settings-inline">
          <button
            type="button"
            className="button"
            onClick={backUp}
            disabled={busy}
            data-testid="backup-now"
          >
            {t('backups.backUpNow')}
          </button>
        </div>
        {notice ? (
          <p role="status" data-testid="backup-notice">
            {notice}
          </p>
        ) : null}
        {error ? <ErrorState error={error} /> : null}
        {confirming ? (
          <div className="backup-confirm" role="alertdialog" data-testid="backup-confirm">
            <p>{t('backups.confirm', { when: format.dateTime(confirming.createdAt) })}</p>
            <button
              type="button"
              className="button is-primary"
              onClick={() => restore(confirming)}
              data-testid="backup-confirm-restore"
            >
              {t('backups.restore')}
            </button>{' '}
            <button type="button" className="button" onClick={() => setConfirming(null)}>
              {t('backups.cancel')}
            </button>
          </div>
        ) : null}
        {list.status === 'loading' && !list.data ? <LoadingState /> : null}
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {list.data && list.data.length === 0 ? <p className="muted">{t('backups.none')}</p> : null}
        {list.data && list.data.length > 0 ? (
          <table className="small-table" data-testid="backups-table">
            <thead>
              <tr>
                <th>{t('backups.when')}</th>
                <th>{t('backups.reason')}</th>
                <th>{t('backups.size')}</th>
                <th>{t('backups.check')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((backup) => (
                <tr key={backup.file} data-testid="backup-row">
                  <td>{format.dateTime(backup.createdAt)}</td>
                  <td>{t(`backups.reasons.${backup.reason}`)}</td>
                  <td className="num">{sizeText(backup.sizeBytes, format.number)}</td>
                  <td>{backup.integrity === 'ok' ? t('backups.sound') : t('backups.damaged')}</td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      disabled={busy || backup.integrity !== 'ok'}
                      onClick={() => setConfirming(backup)}
                    >
                      {t('backups.restore')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </Section>
  );
}
