/**
 * Delete everything, behind a modal confirmation that names how many discussions go and offers
 * the export first. The person must type the count's confirmation word to enable the button.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, tn } from '../lib/i18n';

export interface DeleteAllDialogProps {
  count: number;
  onConfirm: () => Promise<void>;
  onExport: () => void;
}

export function DeleteAllDialog({ count, onConfirm, onExport }: DeleteAllDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const word = t('deleteAllWord');
  useEffect(() => {
    if (open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [open]);
  const close = () => {
    setOpen(false);
    setTyped('');
    setError('');
  };
  return (
    <>
      <button type="button" class="danger" disabled={count === 0} onClick={() => setOpen(true)}>
        {t('deleteAll')}
      </button>
      <dialog
        ref={dialog}
        class="confirm"
        aria-labelledby="delete-all-title"
        aria-describedby="delete-all-text"
        onClose={() => open && close()}
      >
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.trim().toLocaleLowerCase() !== word.toLocaleLowerCase()) return;
            setBusy(true);
            onConfirm()
              .then(close, (err: Error) => setError(err.message))
              .finally(() => setBusy(false));
          }}
        >
          <h2 id="delete-all-title">{tn('deleteAllTitle', count)}</h2>
          <p id="delete-all-text">{t('deleteAllText')}</p>
          <p>
            <button type="button" class="link-button" onClick={onExport}>
              {t('deleteAllExportFirst')}
            </button>
          </p>
          <div class="field">
            <label for="delete-all-confirm">{t('deleteAllType', word)}</label>
            <input
              id="delete-all-confirm"
              value={typed}
              autoComplete="off"
              onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
            />
          </div>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <div class="dialog-actions">
            <button type="button" onClick={close}>
              {t('cancel')}
            </button>
            <button
              type="submit"
              class="danger-solid"
              disabled={busy || typed.trim().toLocaleLowerCase() !== word.toLocaleLowerCase()}
            >
              {tn('deleteAllConfirm', count)}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
