/**
 * One listing text beside its source: edit the translation inline, see the marketplace's title
 * limit and a shortening suggestion, save it as reviewed, and publish when every language the
 * site needs is reviewed (otherwise the block names the language that is not).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TranslationTextDetail } from '../../shared/api/index.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { EnumBadge } from '../components/Badge.js';
import { DetailPanel, PendingDetailPanel, Section } from '../components/DetailPanel.js';
import './translate.css';

const TEXT_ENTITIES = ['translations', 'listings'] as const;

interface Draft {
  title: string;
  description: string;
  bullets: string;
  keywords: string;
}

function draftOf(detail: TranslationTextDetail): Draft {
  return {
    title: detail.text?.title ?? '',
    description: detail.text?.description ?? '',
    bullets: (detail.text?.bulletPoints ?? []).join('\n'),
    keywords: (detail.text?.keywords ?? []).join(', '),
  };
}

type Notice = { tone: 'good' | 'bad'; text: string };

export function TextPanel(props: { listingId: number; locale: string; onClose: () => void }) {
  const { t } = useTranslation();
  // Kept here, not in the editor: publishing changes the text's state, the detail is read again
  // and the editor may start afresh; the answer to the seller's click must survive that.
  const [message, setMessage] = useState<Notice | null>(null);
  const call = useApiCall(
    'translate.text',
    { listingId: props.listingId, locale: props.locale },
    { entities: TEXT_ENTITIES },
  );
  if (!call.data)
    return (
      <PendingDetailPanel
        title={t('nav.translations')}
        onClose={props.onClose}
        load={{ error: call.error, reload: call.reload }}
      />
    );
  // The draft starts afresh when the stored words change (a save, a new machine draft), not when
  // only the text's state does (published, stale).
  const text = call.data.text;
  const words = text && [text.title, text.description, text.bulletPoints, text.keywords];
  return (
    <TextEditor
      key={`${props.listingId}:${props.locale}:${JSON.stringify(words)}`}
      detail={call.data}
      message={message}
      setMessage={setMessage}
      onClose={props.onClose}
    />
  );
}

function TextEditor(props: {
  detail: TranslationTextDetail;
  message: Notice | null;
  setMessage: (message: Notice | null) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { detail, message, setMessage } = props;
  const api = useApi();
  const [draft, setDraft] = useState<Draft>(() => draftOf(detail));
  const length = [...draft.title].length;
  const suggestion = detail.issues.find((issue) => issue.suggestion)?.suggestion;

  const save = async () => {
    setMessage(null);
    try {
      await api.call('translate.review', {
        listingId: detail.listingId,
        locale: detail.locale,
        title: draft.title,
        description: draft.description,
        bulletPoints: draft.bullets
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
        keywords: draft.keywords
          .split(',')
          .map((word) => word.trim())
          .filter((word) => word !== ''),
      });
    } catch (error) {
      setMessage({ tone: 'bad', text: toApiError(error).message });
    }
  };
  const publish = async () => {
    setMessage(null);
    try {
      const result = await api.call('translate.publish', { listingIds: [detail.listingId] });
      const blocked = result.blocked[0];
      setMessage(
        blocked
          ? { tone: 'bad', text: blocked.message }
          : { tone: 'good', text: t('translate.publishDone', { count: result.published.length }) },
      );
    } catch (error) {
      setMessage({ tone: 'bad', text: toApiError(error).message });
    }
  };

  return (
    <DetailPanel
      title={detail.sku}
      subtitle={
        <>
          <EnumBadge kind="marketplace" value={detail.marketplace} /> {detail.site} ·{' '}
          {detail.sourceLocale} → {detail.locale}
        </>
      }
      onClose={props.onClose}
      testId="translation-panel"
    >
      <Section title={t('translate.localesOfSite')}>
        <ul className="inline-list">
          {detail.locales.map((entry) => (
            <li key={entry.locale}>
              {entry.locale} <EnumBadge kind="reviewState" value={entry.state} />
            </li>
          ))}
        </ul>
      </Section>
      <div className="translate-side-by-side">
        <Section title={t('translate.source', { locale: detail.sourceLocale })}>
          <p className="translate-source-title" data-testid="source-title">
            {detail.source.title}
          </p>
          <div className="translate-source-text">{detail.source.description}</div>
          {detail.source.bulletPoints.length > 0 ? (
            <ul>
              {detail.source.bulletPoints.map((bullet, index) => (
                <li key={index}>{bullet}</li>
              ))}
            </ul>
          ) : null}
        </Section>
        <Section title={t('translate.target', { locale: detail.locale })}>
          {detail.text ? (
            <EnumBadge kind="reviewState" value={detail.text.state} />
          ) : (
            <p className="muted">{t('translate.noText')}</p>
          )}
          <label className="field">
            <span className="field-label">{t('translate.title')}</span>
            <input
              className="input"
              data-testid="target-title"
              value={draft.title}
              onChange={(event) => setDraft({ ...draft, title: event.target.value })}
            />
          </label>
          <p className={length > detail.titleLimit ? 'field-error' : 'muted'}>
            {t('translate.titleLength', { length, limit: detail.titleLimit })}
          </p>
          {detail.issues.map((issue) => (
            <p key={issue.code} className="field-error">
              {issue.message}
            </p>
          ))}
          {suggestion ? (
            <button
              type="button"
              className="button"
              onClick={() => setDraft({ ...draft, title: suggestion })}
            >
              {t('translate.useSuggestion', { suggestion })}
            </button>
          ) : null}
          <label className="field">
            <span className="field-label">{t('translate.description')}</span>
            <textarea
              className="input"
              rows={5}
              value={draft.description}
              onChange={(event) => setDraft({ ...draft, description: event.target.value })}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('translate.bulletPoints')}</span>
            <textarea
              className="input"
              rows={3}
              value={draft.bullets}
              onChange={(event) => setDraft({ ...draft, bullets: event.target.value })}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('translate.keywords')}</span>
            <input
              className="input"
              value={draft.keywords}
              onChange={(event) => setDraft({ ...draft, keywords: event.target.value })}
            />
          </label>
          <div className="edit-actions">
            <button
              type="button"
              className="button"
              data-testid="save-reviewed"
              disabled={draft.title.trim() === ''}
              onClick={() => void save()}
            >
              {t('translate.saveReviewed')}
            </button>
            <button
              type="button"
              className="button is-primary"
              data-testid="publish-text"
              onClick={() => void publish()}
            >
              {t('translate.publish')}
            </button>
          </div>
          {detail.publishBlock && !message ? (
            <p className="notice tone-bad" data-testid="publish-block">
              {detail.publishBlock}
            </p>
          ) : null}
          {message ? (
            <p className={`notice tone-${message.tone}`} data-testid="publish-message">
              {message.text}
            </p>
          ) : null}
        </Section>
      </div>
    </DetailPanel>
  );
}
