/** The listings area's tabs: the grid, the pending changes and the conflicts, with their counts. */
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangesSummary } from '../../shared/api/index.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { hrefOfTab, WORKBENCH_TABS, type WorkbenchTab } from './WorkbenchContext.js';

export function WorkbenchTabs(props: {
  current: WorkbenchTab;
  summary: ChangesSummary | undefined;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const count = (tab: WorkbenchTab): number | null => {
    if (!props.summary || tab === 'grid') return null;
    if (tab === 'pending') return props.summary.jobs.held + props.summary.jobs.pending;
    return props.summary.openConflicts + props.summary.openDrifts;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const index = WORKBENCH_TABS.indexOf(props.current);
    const step = event.key === 'ArrowRight' ? 1 : -1;
    const next = WORKBENCH_TABS[(index + step + WORKBENCH_TABS.length) % WORKBENCH_TABS.length]!;
    window.location.hash = hrefOfTab(next);
    event.preventDefault();
    requestAnimationFrame(() => document.getElementById(`workbench-tab-${next}`)?.focus());
  };
  return (
    <nav
      className="workbench-tabs"
      role="tablist"
      aria-label={t('workbench.tabs.label')}
      onKeyDown={onKeyDown}
    >
      {WORKBENCH_TABS.map((tab) => {
        const value = count(tab);
        const current = tab === props.current;
        return (
          <a
            key={tab}
            id={`workbench-tab-${tab}`}
            href={hrefOfTab(tab)}
            role="tab"
            aria-selected={current}
            tabIndex={current ? 0 : -1}
            className={`workbench-tab${current ? ' is-current' : ''}`}
            data-testid={`tab-${tab}`}
          >
            {t(`workbench.tabs.${tab}`)}
            {value ? (
              <span className={`tab-count${tab === 'conflicts' ? ' is-bad' : ''}`}>
                {format.number(value)}
              </span>
            ) : null}
          </a>
        );
      })}
    </nav>
  );
}
