/**
 * The open issues of a discussion: add, edit, resolve with an optional note, reopen, reorder and
 * delete. Open issues come first in their own order, resolved ones after; every action is a
 * labelled button, so the whole list works from the keyboard.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { LIMITS, type OpenIssue } from '../storage/schema';
import { t } from '../lib/i18n';
import { focusSoon } from './focus-soon';

export interface IssueListProps {
  /** The visible issues in stored order (see `visibleIssues`). */
  issues: OpenIssue[];
  onAdd: (text: string) => void;
  onEdit: (id: string, text: string) => void;
  onResolve: (id: string, resolution: string) => void;
  onReopen: (id: string) => void;
  /** Moves an issue before (`up`) or after (`down`) its neighbour in the same group. */
  onMove: (id: string, neighbour: string, direction: 'up' | 'down') => void;
  onDelete: (issue: OpenIssue) => void;
}

type Mode = { id: string; kind: 'edit' | 'resolve' } | null;

const focusSelector = (selector: string) => setTimeout(() => document.querySelector<HTMLElement>(selector)?.focus(), 0);

/** The first action button of an issue's row (Resolve or Reopen). */
export const issueButton = (root: ParentNode, id: string, name = ''): HTMLButtonElement | null =>
  root.querySelector<HTMLButtonElement>(`[data-issue-id="${CSS.escape(id)}"] .issue-actions button${name}`);
/** The box that adds an issue: where focus goes when no issue is left to act on. */
export const addIssueInput = (root: ParentNode): HTMLInputElement | null => root.querySelector('.add-issue input');

export function IssueList({ issues, onAdd, onEdit, onResolve, onReopen, onMove, onDelete }: IssueListProps) {
  const [text, setText] = useState('');
  const [mode, setMode] = useState<Mode>(null);
  const [draft, setDraft] = useState('');
  const list = useRef<HTMLDivElement>(null);
  // A moved row is re-inserted into the DOM, which drops focus: put it back once it has moved.
  const refocus = useRef<{ id: string; index: number } | null>(null);
  useEffect(() => {
    const want = refocus.current;
    if (!want) return;
    const buttons = document.querySelectorAll<HTMLButtonElement>(`[data-issue-id="${CSS.escape(want.id)}"] .issue-actions button`);
    const target = buttons[want.index];
    if (target && !target.disabled) target.focus();
    else buttons[0]?.focus();
    refocus.current = null;
  }, [issues]);
  const move = (id: string, neighbour: string, direction: 'up' | 'down', buttonIndex: number) => {
    refocus.current = { id, index: buttonIndex };
    onMove(id, neighbour, direction);
  };
  const open = issues.filter((i) => i.status === 'open');
  const resolved = issues.filter((i) => i.status === 'resolved');

  const submit = (e: Event) => {
    e.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    onAdd(trimmed);
    setText('');
  };
  const start = (id: string, kind: 'edit' | 'resolve', initial: string) => {
    setMode({ id, kind });
    setDraft(initial);
    focusSelector(`[data-issue-id="${CSS.escape(id)}"] .inline-form input`);
  };
  const finish = (id: string) => {
    setMode(null);
    focusSelector(`[data-issue-id="${CSS.escape(id)}"] .issue-actions button`);
  };
  /**
   * After resolving, the row moves down to the resolved ones: focus goes on to the next open
   * issue's Resolve (or the one before it), else to the box that adds an issue.
   */
  const resolveAndMoveOn = (issue: OpenIssue, resolution: string) => {
    setMode(null);
    const at = open.indexOf(issue);
    const next = open[at + 1] ?? open[at - 1];
    onResolve(issue.id, resolution);
    const root = list.current;
    if (root) focusSoon(root, () => (next ? issueButton(root, next.id) : addIssueInput(root)));
  };

  const row = (issue: OpenIssue, group: OpenIssue[]) => {
    const at = group.indexOf(issue);
    const before = group[at - 1];
    const after = group[at + 1];
    const editing = mode?.id === issue.id ? mode.kind : null;
    return (
      <li key={issue.id} class={`issue ${issue.status}`} data-issue-id={issue.id}>
        {editing === 'edit' ? (
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              const next = draft.trim();
              if (next && next !== issue.text) onEdit(issue.id, next);
              finish(issue.id);
            }}
            onKeyDown={(e) => e.key === 'Escape' && finish(issue.id)}
          >
            <input
              value={draft}
              maxLength={LIMITS.issueText}
              aria-label={t('editIssueLabel', issue.text)}
              onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            />
            <button type="submit">{t('save')}</button>
            <button type="button" onClick={() => finish(issue.id)}>
              {t('cancel')}
            </button>
          </form>
        ) : (
          <span class="issue-text">
            {issue.status === 'resolved' && (
              <>
                <span class="issue-tick" aria-hidden="true">
                  ✓{' '}
                </span>
                <span class="sr-only">{t('issueResolvedSr')} </span>
              </>
            )}
            {issue.text}
          </span>
        )}
        {issue.status === 'resolved' && issue.resolution && editing !== 'edit' && (
          <span class="issue-resolution">{t('resolutionShown', issue.resolution)}</span>
        )}
        {editing === 'resolve' ? (
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              resolveAndMoveOn(issue, draft.trim());
            }}
            onKeyDown={(e) => e.key === 'Escape' && finish(issue.id)}
          >
            <input
              value={draft}
              maxLength={LIMITS.issueText}
              placeholder={t('resolutionPlaceholder')}
              aria-label={t('resolutionLabel', issue.text)}
              onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            />
            <button type="submit" class="primary">
              {t('resolve')}
            </button>
            <button type="button" onClick={() => finish(issue.id)}>
              {t('cancel')}
            </button>
          </form>
        ) : (
          editing === null && (
            <span class="issue-actions">
              {issue.status === 'open' ? (
                <button type="button" onClick={() => start(issue.id, 'resolve', '')} aria-label={t('resolveLabel', issue.text)}>
                  {t('resolve')}
                </button>
              ) : (
                <button type="button" onClick={() => onReopen(issue.id)} aria-label={t('reopenLabel', issue.text)}>
                  {t('reopen')}
                </button>
              )}
              <button type="button" onClick={() => start(issue.id, 'edit', issue.text)} aria-label={t('editLabel', issue.text)}>
                {t('edit')}
              </button>
              <button
                type="button"
                class="icon"
                disabled={!before}
                onClick={() => before && move(issue.id, before.id, 'up', 2)}
                aria-label={t('moveUpLabel', issue.text)}
                title={t('moveUp')}
              >
                ↑
              </button>
              <button
                type="button"
                class="icon"
                disabled={!after}
                onClick={() => after && move(issue.id, after.id, 'down', 3)}
                aria-label={t('moveDownLabel', issue.text)}
                title={t('moveDown')}
              >
                ↓
              </button>
              <button type="button" class="danger" onClick={() => onDelete(issue)} aria-label={t('deleteLabel', issue.text)}>
                {t('delete')}
              </button>
            </span>
          )
        )}
      </li>
    );
  };

  return (
    <div class="issues-editor" ref={list}>
      {issues.length === 0 ? (
        <p class="hint">{t('issuesEmpty')}</p>
      ) : (
        <ul class="issue-list" aria-labelledby="issues-heading">
          {open.map((issue) => row(issue, open))}
          {resolved.map((issue) => row(issue, resolved))}
        </ul>
      )}
      <form class="add-issue" onSubmit={submit}>
        <input
          value={text}
          maxLength={LIMITS.issueText}
          placeholder={t('addIssuePlaceholder')}
          aria-label={t('addIssueLabel')}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <button type="submit">{t('addIssue')}</button>
      </form>
    </div>
  );
}
