/**
 * Translations of listing text per marketplace language, with their review state: filter by
 * state, locale and marketplace; select rows and translate them (estimate, progress, spend) or
 * publish them; open one to review it beside its source; edit the glossary and the providers.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TranslationRow } from '../../shared/api/index.js';
import {
  MARKETPLACES,
  TEXT_REVIEW_STATES,
  type Marketplace,
  type TextReviewState,
} from '../../shared/domain.js';
import { useApi, useDataVersion } from '../api/ApiProvider.js';
import { EnumBadge } from '../components/Badge.js';
import { SearchBox } from '../components/controls.js';
import { EmptyState } from '../components/states.js';
import { DataGrid, type GridColumn } from '../grid/DataGrid.js';
import { NO_VALUE } from '../i18n/format.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { SelectField } from '../components/controls.js';
import type { GridSelectionControl } from '../grid/grid-types.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { GlossaryDialog } from '../translate/GlossaryDialog.js';
import { ProvidersDialog } from '../translate/ProvidersDialog.js';
import { TextPanel } from '../translate/TextPanel.js';
import { TranslateRunDialog } from '../translate/TranslateRunDialog.js';
import { asList, EnumFilter, gridError, ViewFrame, type Choice } from './common.js';

const PROVIDER_ENTITIES = ['settings'] as const;
const rowKeyOf = (row: TranslationRow) => `${row.listingId}:${row.locale}`;

type Open = 'translate' | 'glossary' | 'providers' | null;

const TRANSLATION_ENTITIES = ['translations', 'listings'] as const;

export function TranslationsView() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const refreshKey = useDataVersion(TRANSLATION_ENTITIES);
  const [search, setSearch] = useState('');
  const [locale, setLocale] = useState('');
  const [state, setState] = useState<Choice<TextReviewState>>('');
  const [marketplace, setMarketplace] = useState<Choice<Marketplace>>('');
  const [picked, setPicked] = useState<ReadonlyMap<string, TranslationRow>>(new Map());
  const [openRow, setOpenRow] = useState<TranslationRow | null>(null);
  const [dialog, setDialog] = useState<Open>(null);
  const [notice, setNotice] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);
  const providers = useApiCall('translate.providers', {}, { entities: PROVIDER_ENTITIES });
  const [providerId, setProviderId] = useState('');
  const provider = providerId || providers.data?.[0]?.id || '';

  // Texts whose source changed since they were made show as stale when the view opens.
  useEffect(() => {
    void api.call('translate.checkStale', {}).catch(() => undefined);
  }, [api]);

  const selection = useMemo<GridSelectionControl<TranslationRow>>(
    () => ({
      isSelected: (_index, record) => (record ? picked.has(rowKeyOf(record)) : false),
      select: (_index, record, how) => {
        if (!record) return;
        // A plain click opens the row beside the grid; the checkboxes, Ctrl/⌘+click and
        // Shift+click pick rows for translating and publishing.
        if (how === 'only') {
          setOpenRow(record);
          return;
        }
        setPicked((before) => {
          const next = new Map(before);
          if (how === 'toggle' && next.has(rowKeyOf(record))) next.delete(rowKeyOf(record));
          else next.set(rowKeyOf(record), record);
          return next;
        });
      },
      selectAll: () => undefined,
      clear: () => setPicked(new Map()),
    }),
    [picked],
  );
  const selectedRows = [...picked.values()];
  const selectedListings = [...new Set(selectedRows.map((row) => row.listingId))];
  const selectedLocales = [...new Set(selectedRows.map((row) => row.locale))];

  const publishSelected = async () => {
    setNotice(null);
    try {
      const result = await api.call('translate.publish', { listingIds: selectedListings });
      const blocked = result.blocked.map((entry) => entry.message).join(' · ');
      setNotice(
        blocked
          ? {
              tone: 'bad',
              text: `${t('translate.publishDone', { count: result.published.length })} ${t('translate.publishBlocked')}: ${blocked}`,
            }
          : { tone: 'good', text: t('translate.publishDone', { count: result.published.length }) },
      );
    } catch (error) {
      setNotice({ tone: 'bad', text: toApiError(error).message });
    }
  };

  const columns = useMemo<GridColumn<TranslationRow>[]>(
    () => [
      {
        id: 'picked',
        header: '✓',
        width: 36,
        cell: (row) => (
          <input
            type="checkbox"
            aria-label={row.sku}
            checked={picked.has(rowKeyOf(row))}
            onChange={() => selection.select(0, row, 'toggle')}
            onClick={(event) => event.stopPropagation()}
            onMouseDown={(event) => event.stopPropagation()}
            onPointerDown={(event) => event.stopPropagation()}
          />
        ),
      },
      {
        id: 'sku',
        header: t('translations.columns.sku'),
        width: 130,
        cell: (row) => <span className="mono">{row.sku}</span>,
      },
      {
        id: 'marketplace',
        header: t('translations.columns.marketplace'),
        width: 110,
        cell: (row) => <EnumBadge kind="marketplace" value={row.marketplace} />,
      },
      {
        id: 'locale',
        header: t('translations.columns.locale'),
        width: 90,
        cell: (row) => (
          <span title={t('translations.fromTo', { from: row.sourceLocale, to: row.locale })}>
            {row.locale}
          </span>
        ),
      },
      {
        id: 'source',
        header: t('translations.columns.source'),
        width: 280,
        cell: (row) => <span title={row.sourceTitle}>{row.sourceTitle}</span>,
      },
      {
        id: 'title',
        header: t('translations.columns.title'),
        width: 280,
        cell: (row) => <span title={row.title}>{row.title || NO_VALUE}</span>,
      },
      {
        id: 'origin',
        header: t('translations.columns.origin'),
        width: 90,
        cell: (row) => (row.origin ? <EnumBadge kind="origin" value={row.origin} /> : NO_VALUE),
      },
      {
        id: 'state',
        header: t('translations.columns.state'),
        width: 100,
        cell: (row) => <EnumBadge kind="reviewState" value={row.state} />,
      },
      {
        id: 'updatedAt',
        header: t('translations.columns.updatedAt'),
        width: 120,
        cell: (row) => format.relative(row.updatedAt),
      },
    ],
    [t, format, picked, selection],
  );

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      api.call('translations.query', {
        search: search || undefined,
        locale: locale || undefined,
        states: asList(state),
        marketplaces: asList(marketplace),
        offset,
        limit,
      }),
    [api, search, locale, state, marketplace],
  );

  const filtered = search !== '' || locale !== '' || state !== '' || marketplace !== '';
  return (
    <ViewFrame
      view="translations"
      toolbar={
        <>
          <SearchBox
            label={t('translations.search')}
            placeholder={t('translations.searchPlaceholder')}
            value={search}
            onChange={setSearch}
          />
          <SearchBox
            label={t('translations.columns.locale')}
            placeholder={t('translations.localePlaceholder')}
            value={locale}
            onChange={setLocale}
          />
          <EnumFilter
            label={t('translations.columns.state')}
            kind="reviewState"
            values={TEXT_REVIEW_STATES}
            value={state}
            onChange={setState}
          />
          <EnumFilter
            label={t('translations.columns.marketplace')}
            kind="marketplace"
            values={MARKETPLACES}
            value={marketplace}
            onChange={setMarketplace}
          />
          <SelectField
            label={t('translate.provider')}
            value={provider}
            testId="translate-provider"
            onChange={setProviderId}
            options={(providers.data ?? []).map((entry) => ({
              value: entry.id,
              label: entry.sandbox ? t('translate.sandboxProvider') : entry.name,
            }))}
          />
          <button
            type="button"
            className="button is-primary"
            data-testid="translate-selected"
            disabled={selectedListings.length === 0 || provider === ''}
            onClick={() => setDialog('translate')}
          >
            {t('translate.translateSelected', { count: selectedListings.length })}
          </button>
          <button
            type="button"
            className="button"
            data-testid="publish-selected"
            disabled={selectedListings.length === 0}
            onClick={() => void publishSelected()}
          >
            {t('translate.publishSelected')}
          </button>
          {picked.size > 0 ? (
            <button type="button" className="button is-quiet" onClick={() => setPicked(new Map())}>
              {t('translate.clearSelection')}
            </button>
          ) : null}
          <button
            type="button"
            className="button"
            data-testid="open-glossary"
            onClick={() => setDialog('glossary')}
          >
            {t('translate.glossary')}
          </button>
          <button
            type="button"
            className="button"
            data-testid="open-providers"
            onClick={() => setDialog('providers')}
          >
            {t('translate.providers')}
          </button>
        </>
      }
      notices={
        notice ? (
          <p className={`notice tone-${notice.tone}`} data-testid="translate-notice">
            {notice.text}
          </p>
        ) : null
      }
    >
      <DataGrid
        label={t('translations.gridLabel')}
        columns={columns}
        queryKey={JSON.stringify([search, locale, state, marketplace])}
        fetchPage={fetchPage}
        refreshKey={refreshKey}
        rowKey={rowKeyOf}
        selection={selection}
        onOpen={setOpenRow}
        selectedKey={openRow ? rowKeyOf(openRow) : null}
        renderError={gridError}
        empty={
          filtered ? (
            <EmptyState
              title={t('translations.emptyFiltered')}
              hint={t('common.clearFiltersHint')}
            />
          ) : (
            <EmptyState title={t('translations.empty')} hint={t('translations.emptyHint')} />
          )
        }
      />
      {openRow ? (
        <TextPanel
          key={`${openRow.listingId}:${openRow.locale}`}
          listingId={openRow.listingId}
          locale={openRow.locale}
          onClose={() => setOpenRow(null)}
        />
      ) : null}
      {dialog === 'translate' ? (
        <TranslateRunDialog
          providerId={provider}
          listingIds={selectedListings}
          locales={selectedLocales}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'glossary' ? <GlossaryDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'providers' ? <ProvidersDialog onClose={() => setDialog(null)} /> : null}
    </ViewFrame>
  );
}
