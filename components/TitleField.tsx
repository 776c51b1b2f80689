/**
 * The title of a picked discussion (PRODUCT.md §2): prefilled from the chosen block's heading or
 * first line, and the person's to change. Saves when it loses focus or on Enter; follows outside
 * updates while it is not being edited. An empty title is not saved (the old one stays).
 */
import { useEffect, useState } from 'preact/hooks';
import { LIMITS } from '../storage/schema';
import { t } from '../lib/i18n';

export interface TitleFieldProps {
  id: string;
  value: string;
  onSave: (title: string) => void;
}

export function TitleField({ id, value, onSave }: TitleFieldProps) {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);
  const save = () => {
    const title = draft.trim();
    if (title && title !== value) onSave(title);
    else setDraft(value);
  };
  return (
    <div class="field">
      <label for={id}>{t('titleLabel')}</label>
      <input
        id={id}
        type="text"
        maxLength={LIMITS.title}
        value={draft}
        onFocus={() => setEditing(true)}
        onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') save();
        }}
        onBlur={() => {
          setEditing(false);
          save();
        }}
      />
    </div>
  );
}
