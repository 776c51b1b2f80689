/**
 * The editor of one discussion: maturity with its band, the due/stale indicator, what the page
 * says with a suggested maturity, answer (asked for at 100), open issues, tags, review-on date,
 * note and the history trend. Every change is one edit sent to the background, which updates
 * the badges on open pages.
 */
import { useRef, useState } from 'preact/hooks';
import { newId, visibleIssues, type EditOp } from '../storage/model';
import { LIMITS, type Annotation, type OpenIssue, type ThreadRef } from '../storage/schema';
import { isWebUrl } from '../storage/web-url';
import { HistoryTrend } from './HistoryTrend';
import { IssueList, addIssueInput, issueButton } from './IssueList';
import { focusSoon } from './focus-soon';
import { MaturitySlider } from './MaturitySlider';
import { NativeSignals } from './NativeSignals';
import { ReviewOnField } from './ReviewOnField';
import { SavedText } from './SavedText';
import { StaleNotice } from './StaleNotice';
import { TagEditor } from './TagEditor';
import { TeamRatings } from './TeamRatings';
import { TitleField } from './TitleField';
import { UndoBar } from './UndoBar';
import { t } from '../lib/i18n';

export interface ThreadEditorProps {
  thread: ThreadRef;
  annotation: Annotation | undefined;
  /** Tags used anywhere, for autocomplete. */
  knownTags: string[];
  onEdit: (op: EditOp) => Promise<unknown>;
  /** Today, for due dates (tests pass a fixed time). */
  now?: number;
}

/** From this maturity on (Nearly baked) the answer field is open. */
export const ANSWER_FROM = 80;

export function ThreadEditor({ thread, annotation, knownTags, onEdit, now = Date.now() }: ThreadEditorProps) {
  const [error, setError] = useState('');
  const [undo, setUndo] = useState<{ issue: OpenIssue; at: number } | null>(null);
  const answerBox = useRef<HTMLTextAreaElement | null>(null);
  const issuesField = useRef<HTMLDivElement>(null);
  /** Sends one edit; resolves to whether it was saved (a failure is shown, nothing is lost). */
  const run = (op: EditOp): Promise<boolean> => {
    setError('');
    return onEdit(op).then(
      () => true,
      (e: Error) => {
        setError(t('saveFailed', e.message));
        return false;
      },
    );
  };
  const maturity = annotation?.maturity ?? null;
  const issues = annotation ? visibleIssues(annotation) : [];
  // The answer comes after the open issues and stays folded away until the discussion nears
  // Baked (or has an answer already, or the person opens it): early on there is none to give.
  const [answerShown, setAnswerShown] = useState(false);
  const answerOpen = answerShown || !!annotation?.answer || (maturity !== null && maturity >= ANSWER_FROM);
  const setMaturity = (value: number) => {
    void run({ kind: 'setMaturity', maturity: value }).then((ok) => {
      // Baked asks for the definitive answer: take the person there (drawn once the edit is back).
      if (ok && value === 100 && !annotation?.answer) {
        setAnswerShown(true);
        setTimeout(() => answerBox.current?.focus(), 0);
      }
    });
  };
  const id = 'editor';
  return (
    <section class="editor" aria-labelledby="editor-title">
      <h2 id="editor-title" class="thread-title">
        <a href={isWebUrl(thread.url) ? thread.url : undefined} target="_blank" rel="noreferrer" title={t('openThreadTitle')}>
          {(thread.target && annotation?.title) || thread.title || thread.key}
        </a>
      </h2>
      {thread.target && <TitleField id={`${id}-name`} value={annotation?.title || thread.title} onSave={(title) => void run({ kind: 'setTitle', title })} />}
      {annotation && <StaleNotice annotation={annotation} lastActivity={thread.native.lastActivity} now={now} />}
      <div class="field">
        <label for={`${id}-maturity`}>{t('maturityLabel')}</label>
        <MaturitySlider
          id={`${id}-maturity`}
          value={maturity}
          label={t('maturityOf', thread.title)}
          describedBy={`${id}-bands`}
          onCommit={setMaturity}
        />
        <p id={`${id}-bands`} class="hint bands-scale">
          {t('bandScale')}
        </p>
      </div>
      <NativeSignals native={thread.native} issues={issues} maturity={maturity} onAccept={setMaturity} />
      <div class="field issues-field" ref={issuesField}>
        <h3 id="issues-heading">{t('issuesHeading')}</h3>
        <IssueList
          issues={issues}
          onAdd={(text) => void run({ kind: 'addIssue', id: newId(), text })}
          onEdit={(issueId, text) => void run({ kind: 'editIssue', id: issueId, text })}
          onResolve={(issueId, resolution) => void run({ kind: 'resolveIssue', id: issueId, resolution })}
          onReopen={(issueId) => void run({ kind: 'reopenIssue', id: issueId })}
          onMove={(issueId, neighbour, direction) => {
            // `to` counts among the visible issues without the moved one.
            const others = issues.filter((i) => i.id !== issueId);
            const at = others.findIndex((i) => i.id === neighbour);
            if (at >= 0) void run({ kind: 'moveIssue', id: issueId, to: direction === 'up' ? at : at + 1 });
          }}
          onDelete={(issue) => {
            const at = issues.findIndex((i) => i.id === issue.id);
            void run({ kind: 'deleteIssue', id: issue.id }).then((ok) => ok && setUndo({ issue, at: Math.max(0, at) }));
          }}
        />
        {undo && (
          <UndoBar
            message={t('issueDeleted', undo.issue.text)}
            onDismiss={(byKeyboard) => {
              setUndo(null);
              // Escape from the bar: focus goes back to the issues, not to the top of the page.
              const root = issuesField.current;
              if (byKeyboard && root) focusSoon(root, () => addIssueInput(root));
            }}
            onUndo={() => {
              const { issue, at } = undo;
              setUndo(null);
              const root = issuesField.current;
              // The restored issue's first action, once it is back in the list.
              if (root) focusSoon(root, () => issueButton(root, issue.id));
              void run({ kind: 'restoreIssue', issue, at });
            }}
          />
        )}
      </div>
      {answerOpen ? (
        <SavedText
          id={`${id}-answer`}
          label={maturity === 100 ? t('answerAsk') : t('answerLabel')}
          value={annotation?.answer ?? ''}
          attention={maturity === 100 && !annotation?.answer}
          maxLength={LIMITS.longText}
          textareaRef={(el) => (answerBox.current = el)}
          onSave={(text) => void run({ kind: 'setAnswer', text })}
        />
      ) : (
        <details class="answer-collapsed" onToggle={(e) => {
            if (!(e.currentTarget as HTMLDetailsElement).open) return;
            setAnswerShown(true);
            setTimeout(() => answerBox.current?.focus(), 0);
          }}>
          <summary>{t('answerLabel')}</summary>
          <p class="hint">{t('answerLater')}</p>
        </details>
      )}
      <TagEditor
        id={`${id}-tags`}
        tags={annotation?.tags ?? []}
        known={thread.native.labels ? [...new Set([...thread.native.labels, ...knownTags])] : knownTags}
        onChange={(tags) => void run({ kind: 'setTags', tags })}
      />
      <ReviewOnField
        id={`${id}-review`}
        value={annotation?.reviewOn ?? null}
        now={now}
        onChange={(date) => void run({ kind: 'setReviewOn', date })}
      />
      <SavedText
        id={`${id}-note`}
        label={t('noteLabel')}
        value={annotation?.note ?? ''}
        maxLength={LIMITS.longText}
        onSave={(text) => void run({ kind: 'setNote', text })}
      />
      <TeamRatings ratings={annotation?.ratings ?? {}} />
      <div class="field">
        <h3>{t('historyHeading')}</h3>
        <HistoryTrend history={annotation?.history ?? []} />
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
