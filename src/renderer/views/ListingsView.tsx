/**
 * Listings across every marketplace as a workbench: the grid with bulk edits (#/listings), the
 * pending changes waiting for the seller's push (#/listings/pending) and the conflicts and drift
 * to settle (#/listings/conflicts). Shortcuts: "?" lists them; Ctrl+Z/Ctrl+Shift+Z undo and redo
 * the session's batches; Alt+1…3 switch tabs.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiCall } from '../api/use-api-call.js';
import { ConflictsView } from '../workbench/ConflictsView.js';
import { HelpOverlay } from '../workbench/HelpOverlay.js';
import { ListingsGrid } from '../workbench/ListingsGrid.js';
import { PendingChangesView } from '../workbench/PendingChangesView.js';
import {
  hrefOfTab,
  useWorkbench,
  useWorkbenchTab,
  WORKBENCH_TABS,
  WorkbenchProvider,
} from '../workbench/WorkbenchContext.js';
import { WorkbenchTabs } from '../workbench/WorkbenchTabs.js';
import '../workbench/workbench.css';

const SUMMARY_ENTITIES = ['changes', 'listings', 'sync'] as const;

/** Keys typed into a field are the field's, never a shortcut. */
function inField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

function Workbench() {
  const { t } = useTranslation();
  const tab = useWorkbenchTab();
  const { undo, redo, notice, setNotice } = useWorkbench();
  const [help, setHelp] = useState(false);
  const summary = useApiCall('changes.summary', { limit: 1 }, { entities: SUMMARY_ENTITIES });
  // A notice speaks of what was just done on one tab; another tab starts without it.
  useEffect(() => setNotice(null), [tab, setNotice]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (inField(event.target) || event.defaultPrevented) return;
      const control = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (control && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) redo();
        else undo();
      } else if (control && key === 'y') {
        event.preventDefault();
        redo();
      } else if (event.key === '?') {
        event.preventDefault();
        setHelp(true);
      } else if (event.altKey && ['1', '2', '3'].includes(event.key)) {
        event.preventDefault();
        window.location.hash = hrefOfTab(WORKBENCH_TABS[Number(event.key) - 1]!);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  return (
    <section className="view" data-testid="view-listings">
      <div className="workbench-head">
        <WorkbenchTabs current={tab} summary={summary.data} />
        <button
          type="button"
          className="button is-quiet"
          onClick={() => setHelp(true)}
          aria-label={t('workbench.help.open')}
          title={t('workbench.help.open')}
        >
          ?
        </button>
      </div>
      {notice ? (
        <div
          className={`notice tone-${notice.tone}`}
          role={notice.tone === 'bad' ? 'alert' : 'status'}
          data-testid="workbench-notice"
        >
          <span>{notice.text}</span>
          {notice.review && tab !== 'pending' ? (
            <a className="link-button" href={hrefOfTab('pending')} data-testid="review-pending">
              {t('workbench.reviewPending')}
            </a>
          ) : null}
          <button
            type="button"
            className="button is-quiet"
            onClick={() => setNotice(null)}
            aria-label={t('common.close')}
          >
            ✕
          </button>
        </div>
      ) : null}
      {/* The grid stays mounted behind the other tabs: its filters and selection survive a look
          at the pending changes. */}
      <div className="workbench-body" data-testid="workbench-grid" hidden={tab !== 'grid'}>
        <ListingsGrid />
      </div>
      {tab !== 'grid' ? (
        <div className="workbench-body" data-testid={`workbench-${tab}`}>
          {tab === 'pending' ? <PendingChangesView /> : <ConflictsView />}
        </div>
      ) : null}
      {help ? <HelpOverlay onClose={() => setHelp(false)} /> : null}
    </section>
  );
}

export function ListingsView() {
  return (
    <WorkbenchProvider>
      <Workbench />
    </WorkbenchProvider>
  );
}
