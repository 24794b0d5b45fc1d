/**
 * A modal dialog on the native <dialog> element: showModal() traps focus inside it and Escape
 * closes it (the browser's own behaviour, so keyboard users get it without our code), focus
 * returns to where it was when it closes.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './operations.css';

export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { onClose } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`op-dialog${props.wide ? ' is-wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={props.testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="op-dialog-header">
        <h2 id={titleId}>{props.title}</h2>
        <button
          type="button"
          className="button is-quiet"
          onClick={onClose}
          aria-label={t('common.close')}
          title={t('common.close')}
        >
          ✕
        </button>
      </header>
      <div className="op-dialog-body">{props.children}</div>
      {props.footer ? <footer className="op-dialog-footer">{props.footer}</footer> : null}
    </dialog>
  );
}
