/**
 * Tags of a discussion as removable chips, with an input that suggests the tags already used
 * elsewhere (a native datalist, so screen readers and keyboards get the browser's own combobox).
 * Enter or a comma adds a tag; Backspace in the empty input removes the last one.
 */
import { useState } from 'preact/hooks';
import { LIMITS } from '../storage/schema';
import { t, tn } from '../lib/i18n';

export interface TagEditorProps {
  id: string;
  tags: string[];
  /** Every tag in use across discussions, for autocomplete. */
  known: string[];
  onChange: (tags: string[]) => void;
}

export function TagEditor({ id, tags, known, onChange }: TagEditorProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const add = (raw: string) => {
    const tag = raw.replace(/,/g, ' ').trim();
    if (!tag) return;
    if (tag.length > LIMITS.tag) return setError(t('tagTooLong', LIMITS.tag));
    if (tags.length >= LIMITS.tags) return setError(tn('tagsTooMany', LIMITS.tags));
    setError('');
    setText('');
    if (!tags.includes(tag)) onChange([...tags, tag]);
  };
  const suggestions = known.filter((k) => !tags.includes(k));
  return (
    <div class="field">
      <label for={id}>{t('tagsLabel')}</label>
      {tags.length > 0 && (
        <ul class="tag-list" aria-label={t('tagsLabel')}>
          {tags.map((tag) => (
            <li key={tag} class="tag">
              <span>{tag}</span>
              <button
                type="button"
                class="tag-remove"
                aria-label={t('removeTag', tag)}
                title={t('removeTag', tag)}
                onClick={() => onChange(tags.filter((x) => x !== tag))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="add-tag"
        onSubmit={(e) => {
          e.preventDefault();
          add(text);
        }}
      >
        <input
          id={id}
          list={`${id}-known`}
          value={text}
          maxLength={LIMITS.tag + 1}
          placeholder={t('tagPlaceholder')}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onInput={(e) => {
            const value = (e.target as HTMLInputElement).value;
            if (value.endsWith(',')) add(value.slice(0, -1));
            else setText(value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Backspace' && text === '' && tags.length > 0) onChange(tags.slice(0, -1));
          }}
        />
        <datalist id={`${id}-known`}>
          {suggestions.map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
        <button type="submit">{t('addTag')}</button>
      </form>
      {error && (
        <p id={`${id}-error`} class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
