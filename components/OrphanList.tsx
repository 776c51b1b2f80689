/**
 * Picked discussions of this page that were not found on it (PRODUCT.md §2 "Picked
 * discussions"), like Hypothesis's orphans: each with the quote it was picked by, and "Pick
 * again" to point it at a block (the annotation keeps its key and history).
 */
import type { ThreadRef } from '../storage/schema';
import { t } from '../lib/i18n';

export interface OrphanListProps {
  orphans: ThreadRef[];
  onPickAgain: (key: string) => void;
}

/** The quote a picked discussion is found by (its TextQuoteSelector's exact words). */
function quoteOf(ref: ThreadRef): string {
  const quote = ref.target?.selector.find((s) => s.type === 'TextQuoteSelector');
  return quote && quote.type === 'TextQuoteSelector' ? quote.exact : '';
}

export function OrphanList({ orphans, onPickAgain }: OrphanListProps) {
  if (orphans.length === 0) return null;
  return (
    <section class="orphans" aria-labelledby="orphans-heading">
      <h2 id="orphans-heading">{t('notFoundOnPage')}</h2>
      <p class="hint">{t('notFoundHint')}</p>
      <ul>
        {orphans.map((ref) => (
          <li key={ref.key}>
            <strong>{ref.title || ref.key}</strong>
            <blockquote>{quoteOf(ref)}</blockquote>
            <button type="button" aria-label={t('pickAgainLabel', ref.title || ref.key)} onClick={() => onPickAgain(ref.key)}>
              {t('pickAgain')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
