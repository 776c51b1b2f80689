/**
 * The maturity slider: steps of 5, with the band named beside the number. A pointer commits on
 * release; arrow keys commit once the person pauses (or leaves the slider), so walking from 20 to
 * 60 by keyboard is one history entry, not eight.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { BAND_COLOURS, bandOf } from '../storage/model';
import { t } from '../lib/i18n';

export interface MaturitySliderProps {
  value: number | null;
  onCommit: (maturity: number) => void;
  id: string;
  /** Accessible name, e.g. "Maturity of <thread title>". */
  label: string;
  /** Id of an element that describes the slider further (e.g. the band scale). */
  describedBy?: string;
}

/** How long a keyboard user may pause between arrow presses before the value is saved. */
export const KEYBOARD_COMMIT_MS = 600;

export function MaturitySlider({ value, onCommit, id, label, describedBy }: MaturitySliderProps) {
  const [draft, setDraft] = useState<number | null>(value);
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; value: number } | null>(null);
  const fromKeyboard = useRef(false);
  // The latest callback, so a commit flushed on unmount still reaches the right thread.
  const commitTo = useRef(onCommit);
  commitTo.current = onCommit;
  useEffect(() => {
    if (!pending.current) setDraft(value);
  }, [value]);
  useEffect(() => () => flush(), []);

  function flush() {
    const p = pending.current;
    if (!p) return;
    clearTimeout(p.timer);
    pending.current = null;
    commitTo.current(p.value);
  }
  function commit(next: number) {
    if (!fromKeyboard.current) {
      if (pending.current) clearTimeout(pending.current.timer);
      pending.current = null;
      if (next !== value) onCommit(next);
      return;
    }
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = { value: next, timer: setTimeout(flush, KEYBOARD_COMMIT_MS) };
  }

  const band = draft === null ? null : bandOf(draft);
  return (
    <div class="maturity">
      <input
        id={id}
        type="range"
        min={0}
        max={100}
        step={5}
        value={draft ?? 0}
        aria-label={label}
        aria-describedby={describedBy}
        aria-valuetext={draft === null ? t('notRated') : `${draft}% ${t('band_' + band)}`}
        class={draft === null ? 'unset' : ''}
        onKeyDown={() => (fromKeyboard.current = true)}
        onPointerDown={() => (fromKeyboard.current = false)}
        onInput={(e) => setDraft(Number((e.target as HTMLInputElement).value))}
        onChange={(e) => commit(Number((e.target as HTMLInputElement).value))}
        onBlur={flush}
      />
      <output for={id} class="maturity-value">
        {draft === null ? (
          <span class="band-chip none">{t('notRated')}</span>
        ) : (
          <>
            <span class="maturity-number">{draft}%</span>
            <span class="band-chip" style={{ background: BAND_COLOURS[band!] }}>
              {t('band_' + band)}
            </span>
          </>
        )}
      </output>
    </div>
  );
}
