/**
 * The team view: median and spread of the members' ratings (withdrawn ones left out), who rated,
 * "(you)" beside this profile's own rating, and nothing at all while only this profile rated.
 */
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { TeamRatings } from '../../../components/TeamRatings';
import { summarizeRatings } from '../../../storage/model';
import { repository } from '../../../services/pages/ui';
import type { Rating } from '../../../storage/schema';

const r = (maturity: number | null, name: string): Rating => ({ maturity, name, stamp: '' });

describe('summarizeRatings', () => {
  it('gives the median (middle pair averaged) and the range, ignoring withdrawn ratings', () => {
    expect(summarizeRatings({})).toBeNull();
    expect(summarizeRatings({ a: r(null, 'A') })).toBeNull();
    expect(summarizeRatings({ a: r(40, 'A') })).toEqual({ median: 40, min: 40, max: 40, count: 1 });
    expect(summarizeRatings({ a: r(80, 'A'), b: r(20, 'B'), c: r(50, 'C') })).toEqual({ median: 50, min: 20, max: 80, count: 3 });
    expect(summarizeRatings({ a: r(80, 'A'), b: r(20, 'B'), c: r(55, 'C'), d: r(60, 'D'), e: r(null, 'E') })).toEqual({
      median: 58,
      min: 20,
      max: 80,
      count: 4,
    });
  });
});

describe('TeamRatings', () => {
  let root: HTMLElement;
  afterEach(() => {
    render(null, root);
    root.remove();
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('lists who rated with the median and spread, marking this profile', async () => {
    const me = await repository().memberId();
    root = document.createElement('div');
    document.body.append(root);
    render(<TeamRatings ratings={{ [me]: r(60, 'Ada'), bob: r(80, 'Bob'), cy: r(null, 'Cy') }} />, root);
    await settle();
    expect(root.querySelector('[data-testid="team-summary"]')?.textContent).toBe('Median 70% · spread 60–80% · 2 ratings');
    expect([...root.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['Bob: 80% baked', 'Ada (you): 60% baked', 'Cy: rating withdrawn']);
  });

  it('shows nothing while only this profile has rated', async () => {
    const me = await repository().memberId();
    root = document.createElement('div');
    document.body.append(root);
    render(<TeamRatings ratings={{ [me]: r(60, 'Ada') }} />, root);
    await settle();
    expect(root.innerHTML).toBe('');
  });
});
