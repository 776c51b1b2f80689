/**
 * Keyboard focus in the editor after the actions that remove or move the control in use (issue
 * 18, defect 2), and the editor's order (build 5). The harness applies each edit and draws the
 * editor again a moment later, as the stored change coming back from the background does.
 */
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ThreadEditor } from '../../../components/ThreadEditor';
import { applyEdit, emptyAnnotation, type EditOp } from '../../../storage/model';
import type { Annotation, ThreadRef } from '../../../storage/schema';

const thread: ThreadRef = {
  key: 'github:acme/handbook/discussions/42',
  site: 'github',
  title: 'Squash-merge?',
  url: 'https://github.com/acme/handbook/discussions/42',
  native: { state: null, replies: null, participants: null, lastActivity: null },
};
const NOW = Date.UTC(2026, 0, 10, 12);
let root: HTMLElement;
let annotation: Annotation;
const edits: EditOp[] = [];

function draw() {
  render(
    <ThreadEditor thread={thread} annotation={annotation} knownTags={[]} now={NOW} onEdit={async (op) => {
      edits.push(op);
      annotation = applyEdit(annotation, op, { now: NOW + edits.length, by: 'Ada', memberId: 'm', lastActivity: null });
      // The change comes back from the store a little later and the list is drawn again.
      setTimeout(draw, 5);
    }} />,
    root,
  );
}
function mount(ops: EditOp[]) {
  annotation = emptyAnnotation(thread, NOW - 1000);
  ops.forEach((op, i) => (annotation = applyEdit(annotation, op, { now: NOW - 900 + i, by: 'Ada', memberId: 'm', lastActivity: null })));
  edits.length = 0;
  root = document.createElement('div');
  document.body.append(root);
  draw();
}
const byName = (name: string) =>
  [...root.querySelectorAll<HTMLElement>('button, input, textarea, summary')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent) === name,
  );
/** Waits until `check` holds (the store's answer and Preact's renders are asynchronous). */
async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`never: ${what} (focus on ${document.activeElement?.outerHTML.slice(0, 80)})`);
}
const focused = (name: string) => () => document.activeElement === byName(name);

afterEach(() => {
  render(null, root);
  root.remove();
});

const three: EditOp[] = [
  { kind: 'addIssue', id: 'a', text: 'First' },
  { kind: 'addIssue', id: 'b', text: 'Second' },
  { kind: 'addIssue', id: 'c', text: 'Third' },
];

describe('focus after resolve, delete and undo', () => {
  it('after resolving, focus goes on to the next open issue, and to the add box when none is left', async () => {
    mount(three);
    byName('Resolve: Second')!.click();
    await until(() => !!root.querySelector('.inline-form input'), 'resolve form');
    (root.querySelector('.inline-form') as HTMLFormElement).requestSubmit();
    await until(() => annotation.issues.find((i) => i.id === 'b')!.status === 'resolved', 'resolved');
    await until(focused('Resolve: Third'), 'focus on the next open issue');
    // The last open one: focus goes to the one before it.
    byName('Resolve: Third')!.click();
    await until(() => !!root.querySelector('.inline-form'), 'resolve form');
    (root.querySelector('.inline-form') as HTMLFormElement).requestSubmit();
    await until(focused('Resolve: First'), 'focus on the previous open issue');
    byName('Resolve: First')!.click();
    await until(() => !!root.querySelector('.inline-form'), 'resolve form');
    (root.querySelector('.inline-form') as HTMLFormElement).requestSubmit();
    await until(focused('New open issue'), 'focus on the add box');
  });

  it('after Delete, focus is on Undo (which stays while focused); after Undo, on the restored issue', async () => {
    mount(three);
    byName('Delete: Second')!.click();
    await until(() => !!root.querySelector('.undo-bar'), 'undo bar');
    await until(focused('Undo'), 'focus on Undo');
    expect(root.querySelector('.issues-field .undo-bar')).not.toBeNull();
    byName('Undo')!.click();
    await until(() => annotation.issues.some((i) => i.id === 'b' && !i.deleted), 'restored');
    await until(focused('Resolve: Second'), 'focus on the restored issue');
    expect(root.querySelector('.undo-bar')).toBeNull();
  });

  it('Escape in the undo bar dismisses it and puts focus in the add box', async () => {
    mount(three);
    byName('Delete: First')!.click();
    await until(focused('Undo'), 'focus on Undo');
    byName('Undo')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await until(() => !root.querySelector('.undo-bar'), 'bar gone');
    await until(focused('New open issue'), 'focus on the add box');
  });
});

describe('editor order', () => {
  it('puts the open issues before the answer, folded away until the maturity nears Baked', async () => {
    mount([{ kind: 'setMaturity', maturity: 40 }]);
    const issues = root.querySelector('.issues-field')!;
    const answer = root.querySelector('.answer-collapsed')!;
    expect(issues.compareDocumentPosition(answer) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(root.querySelector('#editor-answer')).toBeNull();
    render(null, root);
    mount([{ kind: 'setMaturity', maturity: 80 }]);
    expect(root.querySelector('.answer-collapsed')).toBeNull();
    const box = root.querySelector('#editor-answer')!;
    expect(root.querySelector('.issues-field')!.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('opens the answer when asked, and shows an existing answer whatever the maturity', async () => {
    mount([{ kind: 'setMaturity', maturity: 20 }, { kind: 'setAnswer', text: 'Yes' }]);
    expect(root.querySelector<HTMLTextAreaElement>('#editor-answer')!.value).toBe('Yes');
    render(null, root);
    mount([{ kind: 'setMaturity', maturity: 20 }]);
    const details = root.querySelector<HTMLDetailsElement>('.answer-collapsed')!;
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    await until(() => !!root.querySelector('#editor-answer'), 'answer box');
  });
});
