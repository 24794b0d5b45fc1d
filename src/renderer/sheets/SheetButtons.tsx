/** The Export and Import buttons of a view's toolbar, with their dialogs. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SheetKind } from '../../shared/api/types-sheets.js';
import { ExportDialog, type SheetFilterOf } from './ExportDialog.js';
import { ImportDialog } from './ImportDialog.js';
import './sheets.css';

export function SheetButtons<K extends SheetKind>(props: { kind: K; filter: SheetFilterOf<K> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'export' | 'import' | null>(null);
  return (
    <>
      <button
        type="button"
        className="button"
        data-testid={`sheet-export-open-${props.kind}`}
        onClick={() => setOpen('export')}
      >
        {t('sheets.export.open')}
      </button>
      <button
        type="button"
        className="button"
        data-testid={`sheet-import-open-${props.kind}`}
        onClick={() => setOpen('import')}
      >
        {t('sheets.import.open')}
      </button>
      {open === 'export' ? (
        <ExportDialog kind={props.kind} filter={props.filter} onClose={() => setOpen(null)} />
      ) : null}
      {open === 'import' ? <ImportDialog kind={props.kind} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
