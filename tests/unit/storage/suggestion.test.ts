import { describe, expect, it } from 'vitest';
import { staleness, suggestMaturity } from '../../../storage/model';

const native = (over: Partial<{ state: null | 'resolved' | 'closed'; replies: number | null; participants: number | null }>) => ({
  state: null,
  replies: null,
  participants: null,
  lastActivity: null,
  ...over,
});

describe('suggestMaturity', () => {
  it('has nothing to suggest without signals or issues', () => {
    expect(suggestMaturity(null, [])).toBeNull();
    expect(suggestMaturity(native({}), [])).toBeNull();
  });
  it('reads a resolved marker as nearly baked, a closed one a little lower', () => {
    expect(suggestMaturity(native({ state: 'resolved' }), [])?.maturity).toBe(90);
    expect(suggestMaturity(native({ state: 'closed' }), [])?.maturity).toBe(80);
  });
  it('grows with discussion and with the share of resolved issues', () => {
    expect(suggestMaturity(native({ replies: 1, participants: 1 }), [])?.maturity).toBe(10);
    expect(suggestMaturity(native({ replies: 12, participants: 5 }), [])?.maturity).toBe(50);
    const issues = [{ status: 'resolved' as const }, { status: 'resolved' as const }, { status: 'open' as const }];
    const s = suggestMaturity(native({ replies: 1 }), issues)!;
    expect(s.maturity).toBe(60);
    expect(s.reasons.map((r) => r.key)).toEqual(['suggestReplies', 'suggestIssues']);
  });
});

describe('staleness', () => {
  const day = 86_400_000;
  const rated = { reviewOn: null, maturity: 60, assessedActivity: '2026-01-01T00:00:00.000Z', history: [{ at: 0, from: null, to: 60, by: '' }] };
  it('is stale when the thread moved on after the assessment', () => {
    expect(staleness(rated, '2026-02-01T00:00:00.000Z', 45 * day)).toMatchObject({ stale: true, newActivity: true, days: 45 });
    expect(staleness(rated, '2026-01-01T00:00:00.000Z', 45 * day)).toMatchObject({ stale: false, newActivity: false });
  });
  it('is stale when the review date passed', () => {
    expect(staleness({ ...rated, reviewOn: '1970-01-02' }, null, 3 * day)).toMatchObject({ stale: true, due: true });
  });
});
