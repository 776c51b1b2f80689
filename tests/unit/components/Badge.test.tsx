import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Badge, describeBadge } from '../../../components/Badge';
import { badgeIsStale } from '../../../storage/model';
import type { BadgeState } from '../../../storage/schema';
import { shownText } from '../../support/shown-text';

const state = (over: Partial<BadgeState> = {}): BadgeState => ({
  maturity: 60,
  openIssues: 2,
  totalIssues: 3,
  due: false,
  assessedActivity: '2026-01-05T10:00:00.000Z',
  ...over,
});

let root: HTMLElement | undefined;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = undefined;
});
function mount(node: preact.ComponentChild) {
  const el = document.createElement('div');
  root = el;
  document.body.append(el);
  render(node, el);
  return el;
}

describe('Badge', () => {
  it('describes maturity, band, open issues and due/stale in one line', () => {
    expect(describeBadge(state())).toBe('60% baked (Baking) · 2 open issues');
    expect(describeBadge(state({ openIssues: 1 }))).toBe('60% baked (Baking) · 1 open issue');
    expect(describeBadge(state({ due: true }), 'Resolved on the page')).toBe('60% baked (Baking) · 2 open issues · due for review · Resolved on the page');
    expect(describeBadge(state(), undefined, true)).toBe('60% baked (Baking) · 2 open issues · new activity since the rating');
    expect(describeBadge(null)).toBe('Not assessed yet: click to rate');
  });

  it('draws the ring, count, check mark at 100 and the dot when stale', () => {
    const el = mount(<Badge state={state({ maturity: 100, openIssues: 0 })} showUnassessed stale onActivate={() => undefined} />);
    const button = el.querySelector('button')!;
    expect(shownText(button)).toBe('100%✓⟳ new');
    expect(button.querySelector('.due')).not.toBeNull();
    expect(button.getAttribute('aria-label')).toContain('100% baked (Baked)');
  });

  it('is a button only when it does something; otherwise a labelled image', () => {
    const onActivate = vi.fn();
    const el = mount(<Badge state={state()} showUnassessed onActivate={onActivate} />);
    el.querySelector('button')!.click();
    expect(onActivate).toHaveBeenCalled();
    render(<Badge state={state()} showUnassessed />, el);
    expect(el.querySelector('button')).toBeNull();
    expect(el.querySelector('[role="img"]')!.getAttribute('aria-label')).toBe('60% baked (Baking) · 2 open issues');
  });

  it('hides unassessed threads when the setting says so', () => {
    const el = mount(<Badge state={null} showUnassessed={false} />);
    expect(el.textContent).toBe('');
    expect(el.querySelector('.badge')).toBeNull();
  });
});

describe('badgeIsStale', () => {
  it('is stale when due, or when the page shows activity newer than the rating', () => {
    expect(badgeIsStale(state(), '2026-01-05T10:00:00.000Z')).toBe(false);
    expect(badgeIsStale(state(), '2026-02-01T08:00:00.000Z')).toBe(true);
    expect(badgeIsStale(state({ due: true }), null)).toBe(true);
    expect(badgeIsStale(state({ assessedActivity: null }), '2026-01-01T00:00:00.000Z')).toBe(true);
    expect(badgeIsStale(state({ maturity: null, assessedActivity: null }), '2026-01-01T00:00:00.000Z')).toBe(false);
  });
});

describe('issue 18: badge cues', () => {
  it('says "due" or "new" in words beside the colour, and offers "click to rate" only when clickable', () => {
    const el = mount(<Badge state={state({ due: true })} showUnassessed />);
    expect(shownText(el.querySelector('.due'))).toBe('⟳ due');
    render(<Badge state={null} showUnassessed />, el);
    expect(el.querySelector('.badge')!.getAttribute('aria-label')).toBe('Not assessed yet');
    render(<Badge state={null} showUnassessed onActivate={() => undefined} />, el);
    expect(el.querySelector('button.badge')!.getAttribute('aria-label')).toBe('Not assessed yet: click to rate');
  });

  it('in a team shows the team’s median marked as the team’s, and names the person’s own rating', () => {
    const team = state({ maturity: 70, team: { maturity: 50, raters: 2, own: 30 } });
    expect(describeBadge(team)).toBe('Team: 50% baked (Baking), median of 2 ratings · your rating 30% · 2 open issues');
    expect(describeBadge(state({ team: { maturity: 50, raters: 3, own: null } }))).toMatch(/^Team: 50% baked \(Baking\), median of 3 ratings · you have not rated/);
    const el = mount(<Badge state={team} showUnassessed />);
    const badge = el.querySelector('.badge')!;
    expect(badge.getAttribute('data-maturity')).toBe('50');
    expect(shownText(badge)).toMatch(/^50%\s*team/);
    expect(badge.getAttribute('aria-label')).toContain('your rating 30%');
    // Alone: no team word.
    const alone = mount(<Badge state={state()} showUnassessed />);
    expect(shownText(alone.querySelector('.badge')!)).not.toMatch(/team/);
  });
});

