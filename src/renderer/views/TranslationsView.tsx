/** Translations of listing text per marketplace language, with their review state. */
import { useCallback, useMemo, useState } from 'react';
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
import { asList, EnumFilter, gridError, ViewFrame, type Choice } from './common.js';

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

  const columns = useMemo<GridColumn<TranslationRow>[]>(
    () => [
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
    [t, format],
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
        </>
      }
    >
      <DataGrid
        label={t('translations.gridLabel')}
        columns={columns}
        queryKey={JSON.stringify([search, locale, state, marketplace])}
        fetchPage={fetchPage}
        refreshKey={refreshKey}
        rowKey={(row) => `${row.listingId}:${row.locale}`}
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
    </ViewFrame>
  );
}
