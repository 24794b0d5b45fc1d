/** Every keyboard shortcut of the listings workbench, opened with "?". */
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog.js';

export const SHORTCUTS = [
  ['arrows', '↑ ↓ ← →'],
  ['page', 'PgUp PgDn · Ctrl+Home Ctrl+End'],
  ['open', 'Ctrl+Enter'],
  ['edit', 'Enter · F2'],
  ['save', 'Enter · Tab · ↑ ↓'],
  ['cancel', 'Esc'],
  ['toggle', 'Space · Ctrl+{{click}}'],
  ['extend', 'Shift+↑ ↓ · Shift+{{click}}'],
  ['all', 'Ctrl+A'],
  ['clear', 'Esc'],
  ['fillDown', 'Ctrl+D'],
  ['undo', 'Ctrl+Z'],
  ['redo', 'Ctrl+Shift+Z · Ctrl+Y'],
  ['tabs', 'Alt+1 · Alt+2 · Alt+3'],
  ['help', '?'],
] as const;

export function HelpOverlay(props: { onClose: () => void }) {
  const { t } = useTranslation();
  const click = t('workbench.help.click');
  return (
    <Dialog
      title={t('workbench.help.title')}
      onClose={props.onClose}
      testId="help-overlay"
      footer={
        <button type="button" className="button is-primary" onClick={props.onClose}>
          {t('common.close')}
        </button>
      }
    >
      <table className="small-table shortcut-table">
        <tbody>
          {SHORTCUTS.map(([name, keys]) => (
            <tr key={name}>
              <td>{t(`workbench.help.keys.${name}`)}</td>
              <td>
                <kbd>{keys.replace('{{click}}', click)}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
