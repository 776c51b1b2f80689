/**
 * The popup's list (issue 18, defect 9): an unrated row has no slider to hit by accident; its
 * "rate" badge is a real button that shows the slider and puts focus on it.
 */
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ThreadListView } from '../../../components/ThreadListView';
import { applyEdit, emptyAnnotation } from '../../../storage/model';
import type { Annotation, ThreadRef } from '../../../storage/schema';

const thread = (n: number): ThreadRef => ({
  key: `github:acme/handbook/discussions/${n}`,
  site: 'github',
  title: `Thread ${n}`,
  url: `https://github.com/acme/handbook/discussions/${n}`,
  native: { state: null, replies: null, participants: null, lastActivity: null },
});
const rated: Annotation = applyEdit(emptyAnnotation(thread(1), 1), { kind: 'setMaturity', maturity: 40 }, { now: 2, by: 'Ada', memberId: 'm', lastActivity: null });
let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('ThreadListView quick rating', () => {
  it('shows a slider for rated rows only, until the unrated row\'s "rate" badge is clicked', async () => {
    root = document.createElement('div');
    document.body.append(root);
    const onQuickSet = vi.fn();
    render(
      <ThreadListView threads={[thread(1), thread(2)]} annotations={new Map([[rated.threadKey, rated]])} onSelect={vi.fn()} onQuickSet={onQuickSet} empty={null} />,
      root,
    );
    const row = (n: number) => root.querySelector(`li[data-key="${thread(n).key}"]`)!;
    expect(row(1).querySelector('input[type=range]')).not.toBeNull();
    expect(row(2).querySelector('input[type=range]')).toBeNull();
    const badge = row(2).querySelector<HTMLButtonElement>('button.badge.unassessed')!;
    expect(badge.getAttribute('aria-label')).toBe('Not assessed yet: click to rate');
    badge.click();
    for (let i = 0; i < 50 && document.activeElement !== row(2).querySelector('input[type=range]'); i++) await new Promise((r) => setTimeout(r, 5));
    expect(document.activeElement).toBe(row(2).querySelector('input[type=range]'));
    expect(onQuickSet).not.toHaveBeenCalled();
  });
});
