// The content script's zod-free guards accept exactly what the zod contracts accept, for the
// fields the content script reads.
import { describe, expect, it } from 'vitest';
import { contentRequest, contentUpdate, lookupAnswer } from '../../../protocol/content-guards';
import { isThreadKey } from '../../../storage/limits';
import { BackgroundToContent, LookupAnswer, PageToContent } from '../../../protocol/messages';
import { ThreadKey } from '../../../storage/schema';
import { seededRandom } from '../../support/seeded-random';

const state = { maturity: 60, openIssues: 2, totalIssues: 3, due: false, assessedActivity: '2026-01-05T10:00:00.000Z' };
const teamState = { ...state, team: { maturity: 50, raters: 2, own: 30 } };
const settings = { unassessedBadge: 'faint', displayName: 'Ada', disabledSites: ['yammer'] };

/** Valid messages, and mutations of them (fields dropped, retyped, out of range). */
function corpus(seed: number, valid: unknown[]): unknown[] {
  const random = seededRandom(seed);
  const odd = [null, undefined, -1, 101, 2.5, '', 'x'.repeat(50), true, [], {}, { __proto__: null }, 'hidden', 'mediawiki:x'];
  const mutate = (v: unknown, depth: number): unknown => {
    if (depth > 3 || typeof v !== 'object' || v === null) return random() < 0.3 ? odd[Math.floor(random() * odd.length)] : v;
    if (Array.isArray(v)) return v.map((x) => mutate(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = random();
      if (r < 0.1) continue;
      out[k] = r < 0.5 ? mutate(x, depth + 1) : x;
    }
    return out;
  };
  const out: unknown[] = [...valid, ...odd];
  for (let i = 0; i < 3000; i++) out.push(mutate(valid[i % valid.length], 0));
  return out;
}

describe('content script guards', () => {
  it('accept what BackgroundToContent accepts and keep its fields', () => {
    const valid = [
      { type: 'badges', states: { 'mediawiki:a': state, 'mediawiki:b': null } },
      { type: 'badges', states: { 'mediawiki:c': teamState, 'mediawiki:d': { ...state, team: { maturity: 0, raters: 3, own: null } } } },
      { type: 'badges', states: {} },
      { type: 'settings', settings },
      { type: 'settings', settings: { unassessedBadge: 'hidden', displayName: '' } },
    ];
    let accepted = 0;
    for (const message of corpus(1, valid)) {
      const zod = BackgroundToContent.safeParse(message);
      const mine = contentUpdate(message);
      if (zod.success && zod.data.type === 'badges') expect(mine).toEqual(zod.data);
      else if (zod.success && zod.data.type === 'settings') {
        expect(mine).toEqual({ type: 'settings', settings: { unassessedBadge: zod.data.settings.unassessedBadge, ...(zod.data.settings.disabledSites ? { disabledSites: zod.data.settings.disabledSites } : {}) } });
      } else if (mine?.type === 'badges') expect.fail(`guard accepted what zod rejects: ${JSON.stringify(message)}`);
      if (mine) accepted++;
    }
    expect(accepted).toBeGreaterThan(valid.length);
  });

  it('accept what PageToContent accepts', () => {
    const valid = [{ type: 'listThreads' }, { type: 'focusThread', key: 'mediawiki:en.wikipedia.org/Talk:A#B' }, { type: 'contextThread' }, { type: 'annotatePage' }, { type: 'detectionHealth' }];
    for (const message of corpus(2, valid)) {
      const zod = PageToContent.safeParse(message);
      expect(contentRequest(message)).toEqual(zod.success ? zod.data : null);
    }
  });

  it('accept what LookupAnswer accepts', () => {
    const valid = [
      { states: { 'mediawiki:a': state }, unassessedBadge: 'faint' },
      { states: { 'mediawiki:a': teamState }, unassessedBadge: 'faint' },
      { states: {}, unassessedBadge: 'hidden', siteEnabled: false },
    ];
    for (const message of corpus(3, valid)) {
      const zod = LookupAnswer.safeParse(message);
      expect(lookupAnswer(message)).toEqual(zod.success ? zod.data : null);
    }
  });

  it('check thread keys as the schema does', () => {
    for (const key of ['', 'ab', 'mediawiki:', 'mediawiki:x', 'nosuch:x', 'generic:https://a', 'yammer:' + 'x'.repeat(3000), 42, null]) {
      expect(isThreadKey(key)).toBe(ThreadKey.safeParse(key).success);
    }
  });
});
