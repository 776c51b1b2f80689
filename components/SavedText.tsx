/**
 * A text area that saves when it loses focus (or on Ctrl+Enter) and follows outside updates
 * while it is not being edited, so another window's change never overwrites what is being typed.
 */
import { useEffect, useState } from 'preact/hooks';

export interface SavedTextProps {
  id: string;
  label: string;
  value: string;
  onSave: (text: string) => void;
  /** Highlights the field (e.g. the answer at 100 %). */
  attention?: boolean;
  /** A hint shown under the label and linked to the field. */
  hint?: string;
  maxLength: number;
  rows?: number;
  textareaRef?: (el: HTMLTextAreaElement | null) => void;
}

export function SavedText(props: SavedTextProps) {
  const [draft, setDraft] = useState(props.value);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(props.value);
  }, [props.value, editing]);
  const save = () => {
    if (draft !== props.value) props.onSave(draft);
  };
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <div class={`field ${props.attention ? 'attention' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p id={hintId} class="hint">
          {props.hint}
        </p>
      )}
      <textarea
        id={props.id}
        ref={props.textareaRef}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        value={draft}
        aria-describedby={hintId}
        onFocus={() => setEditing(true)}
        onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) save();
        }}
        onBlur={() => {
          setEditing(false);
          save();
        }}
      />
    </div>
  );
}
