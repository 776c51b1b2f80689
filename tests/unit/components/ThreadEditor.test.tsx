import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ThreadEditor } from '../../../components/ThreadEditor';
import { applyEdit, emptyAnnotation, type EditOp } from '../../../storage/model';
import type { Annotation, ThreadRef } from '../../../storage/schema';

const thread: ThreadRef = {
  key: 'mediawiki:en.wikipedia.org/Talk:Cake#Icing',
  site: 'mediawiki',
  title: 'Icing',
  url: 'https://en.wikipedia.org/wiki/Talk:Cake#Icing',
  native: { state: 'resolved', replies: 4, participants: 3, lastActivity: '2026-01-05T10:00:00.000Z' },
};
const NOW = Date.UTC(2026, 0, 10, 12);

function annotate(ops: EditOp[], lastActivity: string | null = thread.native.lastActivity): Annotation {
  let a = emptyAnnotation(thread, NOW - 10_000);
  ops.forEach((op, i) => (a = applyEdit(a, op, { now: NOW - 9_000 + i, by: 'Ada', memberId: 'm', lastActivity })));
  return a;
}

let root: HTMLElement;
const settle = () => new Promise((r) => setTimeout(r, 0));
function mount(annotation: Annotation | undefined, knownTags: string[] = []) {
  root = document.createElement('div');
  document.body.append(root);
  const onEdit = vi.fn(async (_op: EditOp) => undefined);
  render(<ThreadEditor thread={thread} annotation={annotation} knownTags={knownTags} onEdit={onEdit} now={NOW} />, root);
  return onEdit;
}
const button = (name: string) =>
  [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name) as HTMLButtonElement;
/** Types into a field and lets Preact re-render (its state updates are batched). */
const type = async (el: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
};

afterEach(() => {
  render(null, root);
  root.remove();
});

describe('ThreadEditor', () => {
  it('shows what the page says, suggests a maturity and applies it only on click', async () => {
    const onEdit = mount(annotate([{ kind: 'setMaturity', maturity: 40 }]));
    expect(root.querySelector('.signals')!.textContent).toContain('Resolved on the page');
    expect(root.querySelector('.suggestion')!.textContent).toContain('Suggested: 90% (Nearly baked)');
    expect(onEdit).not.toHaveBeenCalled();
    button('Use 90%').click();
    expect(onEdit).toHaveBeenCalledWith({ kind: 'setMaturity', maturity: 90 });
  });

  it('asks for the answer at 100 % and shows the history trend', () => {
    mount(annotate([{ kind: 'setMaturity', maturity: 60 }, { kind: 'setMaturity', maturity: 100 }]));
    const label = root.querySelector('label[for="editor-answer"]')!;
    expect(label.textContent).toBe('Baked! What is the definitive answer?');
    expect(root.querySelector('.field.attention #editor-answer')).not.toBeNull();
    expect(root.querySelector('.history')!.textContent).toContain('60% → 100%');
    expect(root.querySelectorAll('.trend circle')).toHaveLength(2);
  });

  it('adds, resolves with a note, reopens and edits issues', async () => {
    const onEdit = mount(annotate([{ kind: 'addIssue', id: 'a', text: 'Which sugar?' }]));
    const add = root.querySelector<HTMLInputElement>('input[aria-label="New open issue"]')!;
    await type(add, '  Who bakes?  ');
    add.form!.requestSubmit();
    expect(onEdit).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'addIssue', text: 'Who bakes?' }));

    button('Resolve: Which sugar?').click();
    await settle();
    const note = root.querySelector<HTMLInputElement>('input[aria-label="Resolution of: Which sugar?"]')!;
    await type(note, 'Brown sugar');
    note.form!.requestSubmit();
    expect(onEdit).toHaveBeenLastCalledWith({ kind: 'resolveIssue', id: 'a', resolution: 'Brown sugar' });

    await settle();
    button('Edit: Which sugar?').click();
    await settle();
    const text = root.querySelector<HTMLInputElement>('input[aria-label="New text of: Which sugar?"]')!;
    await type(text, 'Which sugar, and how much?');
    text.form!.requestSubmit();
    expect(onEdit).toHaveBeenLastCalledWith({ kind: 'editIssue', id: 'a', text: 'Which sugar, and how much?' });
  });

  it('reorders by visible position and undoes a delete by restoring the issue where it was', async () => {
    const a = annotate([
      { kind: 'addIssue', id: 'a', text: 'First' },
      { kind: 'addIssue', id: 'gone', text: 'Deleted long ago' },
      { kind: 'addIssue', id: 'b', text: 'Second' },
      { kind: 'addIssue', id: 'c', text: 'Third' },
      { kind: 'deleteIssue', id: 'gone' },
    ]);
    const onEdit = mount(a);
    expect([...root.querySelectorAll('.issue-text')].map((e) => e.textContent)).toEqual(['First', 'Second', 'Third']);
    expect(button('Move up: First').disabled).toBe(true);
    button('Move up: Third').click();
    expect(onEdit).toHaveBeenLastCalledWith({ kind: 'moveIssue', id: 'c', to: 1 });
    button('Move down: First').click();
    expect(onEdit).toHaveBeenLastCalledWith({ kind: 'moveIssue', id: 'a', to: 1 });

    button('Delete: Second').click();
    expect(onEdit).toHaveBeenLastCalledWith({ kind: 'deleteIssue', id: 'b' });
    await settle();
    expect(root.querySelector('.undo-bar')!.textContent).toContain('Deleted “Second”.');
    button('Undo').click();
    expect(onEdit).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'restoreIssue', at: 1, issue: expect.objectContaining({ id: 'b' }) }));
  });

  it('edits tags with suggestions from other discussions, and the review date', async () => {
    const onEdit = mount(annotate([{ kind: 'setTags', tags: ['oven'] }]), ['oven', 'policy', 'budget']);
    expect([...root.querySelectorAll('datalist option')].map((o) => o.getAttribute('value'))).toEqual(['policy', 'budget']);
    const input = root.querySelector<HTMLInputElement>('#editor-tags')!;
    await type(input, 'policy,');
    expect(onEdit).toHaveBeenLastCalledWith({ kind: 'setTags', tags: ['oven', 'policy'] });
    button('Remove tag oven').click();
    expect(onEdit).toHaveBeenLastCalledWith({ kind: 'setTags', tags: [] });
    await type(input, 'x'.repeat(65));
    input.form!.requestSubmit();
    await settle();
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('at most 64');

    button('In a week').click();
    expect(onEdit).toHaveBeenLastCalledWith({ kind: 'setReviewOn', date: '2026-01-17' });
  });

  it('says why an assessment is stale: due date passed, new activity since the rating', () => {
    mount(annotate([{ kind: 'setMaturity', maturity: 50 }, { kind: 'setReviewOn', date: '2026-01-08' }], '2026-01-01T00:00:00.000Z'));
    const notice = root.querySelector('.stale-notice')!.textContent!;
    expect(notice).toContain('due for review since');
    expect(notice).toContain('the thread has new activity since');
  });

  it('shows a failed save and keeps the editor usable', async () => {
    root = document.createElement('div');
    document.body.append(root);
    const onEdit = vi.fn(async () => {
      throw new Error('rejected message: op.text: too long');
    });
    render(<ThreadEditor thread={thread} annotation={undefined} knownTags={[]} onEdit={onEdit} now={NOW} />, root);
    const add = root.querySelector<HTMLInputElement>('input[aria-label="New open issue"]')!;
    await type(add, 'Something');
    add.form!.requestSubmit();
    await settle();
    await settle();
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Not saved: rejected message: op.text: too long');
  });
});
