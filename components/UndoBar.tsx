/**
 * A short-lived notice with an Undo button (e.g. after deleting an issue). It announces itself
 * politely to screen readers, takes keyboard focus on its Undo button (so a keyboard user can undo
 * in time, not only hear about it), stays while focus or the pointer is on it, and disappears a
 * while after focus leaves, or on Escape.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n';

export interface UndoBarProps {
  message: string;
  onUndo: () => void;
  /** The notice went away without Undo; `byKeyboard` when the person pressed Escape in it. */
  onDismiss: (byKeyboard: boolean) => void;
  /** How long the notice stays once nobody is on it, in ms. */
  timeoutMs?: number;
}

export function UndoBar({ message, onUndo, onDismiss, timeoutMs = 10_000 }: UndoBarProps) {
  const button = useRef<HTMLButtonElement>(null);
  const [held, setHeld] = useState(false);
  useEffect(() => {
    button.current?.focus();
  }, [message]);
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => onDismiss(false), timeoutMs);
    return () => clearTimeout(timer);
  }, [message, held]);
  return (
    <div
      class="undo-bar"
      role="status"
      onKeyDown={(e) => e.key === 'Escape' && onDismiss(true)}
      onFocusIn={() => setHeld(true)}
      onFocusOut={(e) => setHeld(!!e.relatedTarget && e.currentTarget.contains(e.relatedTarget as Node))}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(document.activeElement === button.current)}
    >
      <span>{message}</span>
      <button type="button" ref={button} onClick={onUndo}>
        {t('undo')}
      </button>
    </div>
  );
}
