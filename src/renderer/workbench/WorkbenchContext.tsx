/**
 * What the workbench's tabs share: the undo history of the session (every bulk action and inline
 * edit is a batch in the engine, see undo-history.ts), the last notice, and the tab route
 * (#/listings, #/listings/pending, #/listings/conflicts).
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiProvider.js';
import { useHash } from '../shell/routes.js';
import { toApiError } from '../api/use-api-call.js';
import {
  afterRedo,
  afterUndo,
  EMPTY_HISTORY,
  nextRedo,
  nextUndo,
  recordAction,
  type HistoryEntry,
  type UndoHistory,
} from './undo-history.js';

export const WORKBENCH_TABS = ['grid', 'pending', 'conflicts'] as const;
export type WorkbenchTab = (typeof WORKBENCH_TABS)[number];

export function tabFromHash(hash: string): WorkbenchTab {
  const part = hash.replace(/^#\/?/, '').split(/[?]/)[0]?.split('/')[1] ?? '';
  return part === 'pending' || part === 'conflicts' ? part : 'grid';
}

export function hrefOfTab(tab: WorkbenchTab): string {
  return tab === 'grid' ? '#/listings' : `#/listings/${tab}`;
}

export function useWorkbenchTab(): WorkbenchTab {
  return tabFromHash(useHash());
}

export interface Notice {
  tone: 'good' | 'warn' | 'bad';
  text: string;
  /** Offer to open the pending changes. */
  review?: boolean;
}

interface WorkbenchValue {
  history: UndoHistory;
  record: (entry: HistoryEntry) => void;
  undo: () => void;
  redo: () => void;
  busy: boolean;
  notice: Notice | null;
  setNotice: (notice: Notice | null) => void;
}

const WorkbenchContext = createContext<WorkbenchValue | null>(null);

export function WorkbenchProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const api = useApi();
  const [history, setHistory] = useState<UndoHistory>(EMPTY_HISTORY);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  const record = useCallback(
    (entry: HistoryEntry) => setHistory((current) => recordAction(current, entry)),
    [],
  );

  const step = useCallback(
    (direction: 'undo' | 'redo') => {
      const entry = direction === 'undo' ? nextUndo(history) : nextRedo(history);
      if (!entry || busy) return;
      setBusy(true);
      api.call('changes.undo', { batchId: entry.batchId }).then(
        (outcome) => {
          setBusy(false);
          setHistory((current) =>
            direction === 'undo'
              ? afterUndo(current, outcome.batchId)
              : afterRedo(current, outcome.batchId),
          );
          const key = direction === 'undo' ? 'workbench.undo.done' : 'workbench.undo.redone';
          setNotice({
            tone: outcome.skipped.length ? 'warn' : 'good',
            text: outcome.skipped.length
              ? t('workbench.undo.partly', { label: entry.label, count: outcome.skipped.length })
              : t(key, { label: entry.label }),
          });
        },
        (error: unknown) => {
          setBusy(false);
          setNotice({
            tone: 'bad',
            text: t('workbench.undo.failed', { message: toApiError(error).message }),
          });
        },
      );
    },
    [api, busy, history, t],
  );
  const undo = useCallback(() => step('undo'), [step]);
  const redo = useCallback(() => step('redo'), [step]);

  const value = useMemo(
    () => ({ history, record, undo, redo, busy, notice, setNotice }),
    [history, record, undo, redo, busy, notice],
  );
  return <WorkbenchContext.Provider value={value}>{children}</WorkbenchContext.Provider>;
}

export function useWorkbench(): WorkbenchValue {
  const value = useContext(WorkbenchContext);
  if (!value) throw new Error('useWorkbench must be used inside <WorkbenchProvider>');
  return value;
}
