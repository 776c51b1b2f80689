/**
 * The maturity slider: steps of 5, with the band named beside the number. Commits on release
 * (or on keyboard change), shows the value live while dragging.
 */
import { useEffect, useState } from 'preact/hooks';
import { BAND_COLOURS, bandOf } from '../storage/model';
import { t } from './i18n';

export interface MaturitySliderProps {
  value: number | null;
  onCommit: (maturity: number) => void;
  id: string;
  /** Accessible name, e.g. the thread title. */
  label: string;
}

export function MaturitySlider({ value, onCommit, id, label }: MaturitySliderProps) {
  const [draft, setDraft] = useState<number | null>(value);
  useEffect(() => setDraft(value), [value]);
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
        aria-valuetext={draft === null ? t('notRated') : `${draft}% ${t('band_' + band)}`}
        class={draft === null ? 'unset' : ''}
        onInput={(e) => setDraft(Number((e.target as HTMLInputElement).value))}
        onChange={(e) => onCommit(Number((e.target as HTMLInputElement).value))}
      />
      <output for={id} class="maturity-value" style={{ color: band ? BAND_COLOURS[band] : undefined }}>
        {draft === null ? t('notRated') : `${draft}% · ${t('band_' + band)}`}
      </output>
    </div>
  );
}
