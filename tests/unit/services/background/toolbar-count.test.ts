/**
 * The toolbar icon's per-tab count (issue 18, build 1): due or stale discussions, or open
 * issues, as the setting picks; nothing when there are none; each discussion counted once.
 */
import { describe, expect, it } from 'vitest';
import { toolbarCount } from '../../../../services/background/toolbar-count';
import type { BadgeState, ThreadRef } from '../../../../storage/schema';

const ref = (n: number, lastActivity: string | null = null): ThreadRef => ({
  key: `github:acme/handbook/discussions/${n}`,
  site: 'github',
  title: `T${n}`,
  url: `https://github.com/acme/handbook/discussions/${n}`,
  native: { state: null, replies: null, participants: null, lastActivity },
});
const state = (patch: Partial<BadgeState>): BadgeState => ({
  maturity: 50,
  openIssues: 0,
  totalIssues: 0,
  due: false,
  assessedActivity: '2026-01-01T00:00:00.000Z',
  ...patch,
});

describe('toolbarCount', () => {
  const threads = [ref(1), ref(2, '2026-02-01T00:00:00.000Z'), ref(3), ref(4), ref(1)];
  const states = new Map([
    [ref(1).key, state({ due: true, openIssues: 2 })],
    [ref(2).key, state({ openIssues: 1 })], // new activity since the rating: stale
    [ref(3).key, state({})],
  ]);

  it('counts due and stale discussions once each, and says which in the tooltip', () => {
    expect(toolbarCount(threads, states, 'attention')).toEqual({ text: '2', title: { key: 'toolbarAttention', count: 2 } });
    expect(toolbarCount([ref(1)], states, 'attention')).toEqual({ text: '1', title: { key: 'toolbarDue', count: 1 } });
  });

  it('counts open issues when asked, and shows nothing when off or when nothing needs attention', () => {
    expect(toolbarCount(threads, states, 'openIssues')).toEqual({ text: '3', title: { key: 'toolbarOpenIssues', count: 3 } });
    expect(toolbarCount(threads, states, 'off')).toEqual({ text: '', title: null });
    expect(toolbarCount([ref(3), ref(4)], states, 'attention')).toEqual({ text: '', title: null });
  });
});
