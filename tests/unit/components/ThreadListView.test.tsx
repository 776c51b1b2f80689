/**
 * The popup's list (issue 18, defect 9): an unrated row has no slider to hit by accident; its
 * "rate" badge is a real button that shows the slider and puts focus on it.
 */
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ThreadListView, namesakeHints } from '../../../components/ThreadListView';
import { applyEdit, emptyAnnotation } from '../../../storage/model';
import type { Annotation, ThreadRef } from '../../../storage/schema';
import { repository } from '../../../services/pages/ui';

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

describe('ThreadListView while records load', () => {
  it('says it is still looking until it has records, then keeps the known ones and gives new rows no "rate" badge until theirs come', () => {
    root = document.createElement('div');
    document.body.append(root);
    const props = { onSelect: vi.fn(), onQuickSet: vi.fn(), empty: null };
    render(<ThreadListView threads={[thread(1)]} annotations={undefined} {...props} />, root);
    expect(root.textContent).toContain('Looking for discussions');
    expect(root.querySelector('li')).toBeNull();
    render(<ThreadListView threads={[thread(1)]} annotations={new Map([[rated.threadKey, rated]])} {...props} />, root);
    const list = () => root.querySelector('ul.thread-list')!;
    expect(list().getAttribute('aria-busy')).toBe('false');
    // The page found a second thread: its record is being read.
    render(<ThreadListView threads={[thread(1), thread(2)]} annotations={undefined} {...props} />, root);
    expect(list().getAttribute('aria-busy')).toBe('true');
    const row = (n: number) => root.querySelector(`li[data-key="${thread(n).key}"]`)!;
    expect(row(1).querySelector('input[type=range]')).not.toBeNull();
    expect(row(2).querySelector('.badge')).toBeNull();
    render(<ThreadListView threads={[thread(1), thread(2)]} annotations={new Map([[rated.threadKey, rated]])} {...props} />, root);
    expect(list().getAttribute('aria-busy')).toBe('false');
    expect(row(2).querySelector('button.badge.unassessed')).not.toBeNull();
  });
});

describe('ThreadListView wayfinding (side panel)', () => {
  it('filters by title, marks the discussion edited last and those in view, and tells namesakes apart', async () => {
    root = document.createElement('div');
    document.body.append(root);
    const same = (n: number, day: string | null): ThreadRef => ({ ...thread(n), title: 'Office move', native: { ...thread(n).native, lastActivity: day } });
    const threads = [thread(1), same(2, '2026-03-01T10:00:00Z'), same(3, '2026-03-04T10:00:00Z'), thread(4)];
    render(
      <ThreadListView threads={threads} annotations={new Map()} onSelect={vi.fn()} empty={null} filterable lastEdited={thread(4).key} inView={new Set([thread(1).key])} />,
      root,
    );
    const titles = () => [...root.querySelectorAll('button.title')].map((b) => b.textContent);
    expect(titles()).toEqual(['Thread 1', 'Office move · Mar 1, 2026', 'Office move · Mar 4, 2026', 'Thread 4']);
    expect(root.querySelector(`li[data-key="${thread(4).key}"]`)!.textContent).toContain('edited last');
    expect(root.querySelector(`li[data-key="${thread(1).key}"]`)!.textContent).toContain('in view on the page');
    // The in-view mark sits on the title's line: marks that come and go as the page scrolls never move the rows.
    expect(root.querySelector(`li[data-key="${thread(1).key}"] .thread-row .mark-in-view`)).not.toBeNull();
    expect(root.querySelector(`li[data-key="${thread(1).key}"] .row-marks`)).toBeNull();
    expect(root.querySelector(`li[data-key="${thread(2).key}"] .row-marks`)).toBeNull();
    const box = root.querySelector<HTMLInputElement>('input[type=search]')!;
    box.value = 'office';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    expect(titles()).toHaveLength(2);
    expect(root.querySelector('.status')!.textContent).toBe('Showing 2 of 4 discussions');
  });

  it('names namesakes by place when their days do not tell them apart', () => {
    const a = { ...thread(1), title: 'Q' };
    const b = { ...thread(2), title: 'q ' };
    expect([...namesakeHints([a, b, thread(3)]).values()]).toEqual(['1 of 2 with this title', '2 of 2 with this title']);
  });
});

describe('ThreadListView in a team', () => {
  it('shows the team’s median and names this profile’s own rating (issue 21 item 5)', async () => {
    const me = await repository().memberId();
    const ctx = (memberId: string, now: number) => ({ now, by: memberId, memberId, lastActivity: null });
    let team = applyEdit(emptyAnnotation(thread(3), 1), { kind: 'setMaturity', maturity: 30 }, ctx(me, 2));
    team = applyEdit(team, { kind: 'setMaturity', maturity: 70 }, ctx('bo', 3));
    root = document.createElement('div');
    document.body.append(root);
    render(<ThreadListView threads={[thread(3)]} annotations={new Map([[team.threadKey, team]])} onSelect={vi.fn()} empty={null} />, root);
    const label = () => root.querySelector('.badge')?.getAttribute('aria-label') ?? '';
    for (let i = 0; i < 100 && !label().includes('your rating'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(label()).toMatch(/^Team: 50% baked \(Baking\), median of 2 ratings · your rating 30%/);
  });
});

