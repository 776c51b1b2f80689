// Issue trackers and code review (GitHub, GitLab, Jira): what their native states suggest.
import { describe, expect, it } from 'vitest';
import { suggestMaturity } from '../../../storage/model';
import type { NativeSignal } from '../../../storage/schema';

const native = (over: Partial<NativeSignal>): NativeSignal => ({ state: null, replies: null, participants: null, lastActivity: null, ...over });
const maturity = (over: Partial<NativeSignal>) => suggestMaturity(native(over), [])?.maturity;

describe('suggestMaturity for trackers', () => {
  it('reads merged and done (closed as completed, Jira Done) as Baked', () => {
    expect(maturity({ state: 'merged', review: 'changes' })).toBe(100);
    expect(maturity({ state: 'done', replies: 1 })).toBe(100);
  });
  it('keeps a draft Mixing, whatever the talk around it', () => {
    expect(maturity({ state: 'draft' })).toBe(25);
    expect(maturity({ state: 'draft', replies: 40, participants: 9, threads: { resolved: 5, total: 5 } })).toBe(45);
  });
  it('reads in progress as Baking', () => {
    expect(maturity({ state: 'progress' })).toBe(50);
  });
  it('keeps requested changes Baking and counts the unresolved review threads', () => {
    const s = suggestMaturity(native({ review: 'changes', threads: { resolved: 1, total: 3 } }), []);
    expect(s?.maturity).toBe(50);
    expect(s?.reasons).toContainEqual({ key: 'suggestReview_changes', subs: [2] });
    expect(s?.reasons).toContainEqual({ key: 'suggestThreads', subs: [1, 3] });
    expect(maturity({ review: 'changes', threads: { resolved: 3, total: 3 } })).toBe(75);
  });
  it('reads an approval as nearly baked and resolved threads as progress', () => {
    expect(maturity({ review: 'approved' })).toBe(85);
    expect(maturity({ threads: { resolved: 1, total: 2 } })).toBe(50);
  });
});
