/**
 * A short-lived notice with an Undo button (e.g. after deleting an issue). It announces itself
 * politely to screen readers and disappears after a while or on Escape.
 */
import { useEffect } from 'preact/hooks';
import { t } from '../lib/i18n';

export interface UndoBarProps {
  message: string;
  onUndo: () => void;
  onDismiss: () => void;
  /** How long the notice stays, in ms. */
  timeoutMs?: number;
}

export function UndoBar({ message, onUndo, onDismiss, timeoutMs = 10_000 }: UndoBarProps) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, timeoutMs);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <div class="undo-bar" role="status" onKeyDown={(e) => e.key === 'Escape' && onDismiss()}>
      <span>{message}</span>
      <button type="button" onClick={onUndo}>
        {t('undo')}
      </button>
    </div>
  );
}
