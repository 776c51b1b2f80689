/**
 * The team view of one discussion in the side-panel editor: each member's own maturity rating,
 * their median and spread, and who rated. Shown once someone besides this profile has rated.
 * Display only: the side panel's app long-polls the team database while the editor is open
 * (entrypoints/sidepanel/App.tsx), so a teammate's rating shows up here within seconds.
 */
import { repository } from '../services/pages/ui';
import type { Rating } from '../storage/schema';
import { summarizeRatings } from '../storage/model';
import { t, tn } from '../lib/i18n';
import { useLiveQuery } from './useLiveQuery';

export interface TeamRatingsProps {
  ratings: Record<string, Rating>;
}

export function TeamRatings({ ratings }: TeamRatingsProps) {
  const settings = useLiveQuery(() => repository().settings(), []);
  const me = settings?.memberId;
  const members = Object.entries(ratings);
  if (!members.some(([id]) => id !== me)) return null;
  const summary = summarizeRatings(ratings);
  const rows = members.sort(([, a], [, b]) => (b.maturity ?? -1) - (a.maturity ?? -1) || a.name.localeCompare(b.name));
  return (
    <section class="field team-ratings" aria-labelledby="team-ratings-heading">
      <h3 id="team-ratings-heading">{t('teamHeading')}</h3>
      <p data-testid="team-summary">
        {summary ? tn('teamSummary', summary.count, summary.median, summary.min, summary.max, summary.count) : t('teamNone')}
      </p>
      <ul>
        {rows.map(([id, rating]) => {
          const name = rating.name || t('teamUnnamed');
          return (
            <li key={id}>
              <span>{id === me ? t('teamYou', name) : name}</span>
              {': '}
              <span>{rating.maturity === null ? t('teamNoRating') : t('teamRating', rating.maturity)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
