/**
 * The editor of one discussion: maturity with its band, answer (asked for at 100), open issues,
 * note, and what the page itself says. Every change is one edit sent to the background.
 */
import { useEffect, useState } from 'preact/hooks';
import type { EditOp } from '../storage/model';
import { newId } from '../storage/model';
import type { Annotation, ThreadRef } from '../storage/schema';
import { IssueList } from './IssueList';
import { MaturitySlider } from './MaturitySlider';
import { t } from './i18n';

export interface ThreadEditorProps {
  thread: ThreadRef;
  annotation: Annotation | undefined;
  onEdit: (op: EditOp) => Promise<unknown>;
}

/** A text area that saves on change (blur) and follows outside updates while not being edited. */
function SavedText(props: { id: string; label: string; value: string; onSave: (text: string) => void; attention?: boolean }) {
  const [draft, setDraft] = useState(props.value);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(props.value);
  }, [props.value, editing]);
  return (
    <div class={`field ${props.attention ? 'attention' : ''}`}>
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={3}
        value={draft}
        onFocus={() => setEditing(true)}
        onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
        onBlur={() => {
          setEditing(false);
          if (draft !== props.value) props.onSave(draft);
        }}
      />
    </div>
  );
}

function nativeSummary(thread: ThreadRef): string {
  const n = thread.native;
  const parts: string[] = [];
  if (n.state) parts.push(t('native_' + n.state));
  if (n.replies !== null) parts.push(t('nativeReplies', n.replies));
  if (n.participants !== null) parts.push(t('nativeParticipants', n.participants));
  if (n.lastActivity) parts.push(t('nativeLastActivity', n.lastActivity.slice(0, 10)));
  return parts.join(' · ');
}

export function ThreadEditor({ thread, annotation, onEdit }: ThreadEditorProps) {
  const [error, setError] = useState('');
  const run = (op: EditOp) => {
    setError('');
    onEdit(op).catch((e: Error) => setError(e.message));
  };
  const maturity = annotation?.maturity ?? null;
  const native = nativeSummary(thread);
  const idBase = 'editor';
  return (
    <section class="editor" aria-labelledby="editor-title">
      <h2 id="editor-title" class="thread-title">
        <a href={thread.url} target="_blank" rel="noreferrer">
          {thread.title || thread.key}
        </a>
      </h2>
      {native && <p class="native">{t('nativeHeading')}: {native}</p>}
      <div class="field">
        <label for={`${idBase}-maturity`}>{t('maturityLabel')}</label>
        <MaturitySlider
          id={`${idBase}-maturity`}
          value={maturity}
          label={t('maturityOf', thread.title)}
          onCommit={(value) => run({ kind: 'setMaturity', maturity: value })}
        />
      </div>
      <SavedText
        id={`${idBase}-answer`}
        label={maturity === 100 ? t('answerAsk') : t('answerLabel')}
        value={annotation?.answer ?? ''}
        attention={maturity === 100 && !annotation?.answer}
        onSave={(text) => run({ kind: 'setAnswer', text })}
      />
      <div class="field">
        <h3 id="issues-heading">{t('issuesHeading')}</h3>
        <IssueList
          issues={annotation?.issues ?? []}
          onAdd={(text) => run({ kind: 'addIssue', id: newId(), text })}
          onResolve={(id, resolution) => run({ kind: 'resolveIssue', id, resolution })}
          onReopen={(id) => run({ kind: 'reopenIssue', id })}
          onDelete={(id) => run({ kind: 'deleteIssue', id })}
        />
      </div>
      <SavedText
        id={`${idBase}-note`}
        label={t('noteLabel')}
        value={annotation?.note ?? ''}
        onSave={(text) => run({ kind: 'setNote', text })}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
