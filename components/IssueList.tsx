/**
 * The open issues of a discussion: add, resolve (with an optional note), reopen, delete. Open
 * issues first in their own order, resolved ones after.
 */
import { useState } from 'preact/hooks';
import type { OpenIssue } from '../storage/schema';
import { t } from './i18n';

export interface IssueListProps {
  issues: OpenIssue[];
  onAdd: (text: string) => void;
  onResolve: (id: string, resolution: string) => void;
  onReopen: (id: string) => void;
  onDelete: (id: string) => void;
}

export function IssueList({ issues, onAdd, onResolve, onReopen, onDelete }: IssueListProps) {
  const [text, setText] = useState('');
  const [resolving, setResolving] = useState<string | null>(null);
  const [resolution, setResolution] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    onAdd(trimmed);
    setText('');
  };
  const ordered = [...issues.filter((i) => i.status === 'open'), ...issues.filter((i) => i.status === 'resolved')];
  return (
    <div class="issues-editor">
      <ul class="issue-list" aria-label={t('issuesHeading')}>
        {ordered.map((issue) => (
          <li key={issue.id} class={`issue ${issue.status}`} data-issue-id={issue.id}>
            <span class="issue-text">
              {issue.status === 'resolved' ? '✓ ' : ''}
              {issue.text}
            </span>
            {issue.resolution && <span class="issue-resolution">{issue.resolution}</span>}
            {resolving === issue.id ? (
              <form
                class="resolve-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  onResolve(issue.id, resolution.trim());
                  setResolving(null);
                  setResolution('');
                }}
              >
                <input
                  value={resolution}
                  placeholder={t('resolutionPlaceholder')}
                  aria-label={t('resolutionLabel', issue.text)}
                  onInput={(e) => setResolution((e.target as HTMLInputElement).value)}
                />
                <button type="submit">{t('resolve')}</button>
              </form>
            ) : (
              <span class="issue-actions">
                {issue.status === 'open' ? (
                  <button type="button" onClick={() => setResolving(issue.id)} aria-label={t('resolveLabel', issue.text)}>
                    {t('resolve')}
                  </button>
                ) : (
                  <button type="button" onClick={() => onReopen(issue.id)} aria-label={t('reopenLabel', issue.text)}>
                    {t('reopen')}
                  </button>
                )}
                <button type="button" class="danger" onClick={() => onDelete(issue.id)} aria-label={t('deleteLabel', issue.text)}>
                  {t('delete')}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      <form class="add-issue" onSubmit={submit}>
        <input
          value={text}
          maxLength={2000}
          placeholder={t('addIssuePlaceholder')}
          aria-label={t('addIssueLabel')}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <button type="submit">{t('addIssue')}</button>
      </form>
    </div>
  );
}
