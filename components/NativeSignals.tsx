/**
 * What the page itself says about a discussion (markers, comments, participants, last activity)
 * beside the person's judgement, and the maturity suggested from it: shown with its reasons and
 * applied only when the person clicks.
 */
import { bandOf, suggestMaturity, type SuggestionReason } from '../storage/model';
import type { NativeSignal, OpenIssue } from '../storage/schema';
import { t, tn } from '../lib/i18n';

export interface NativeSignalsProps {
  native: NativeSignal;
  issues: ReadonlyArray<Pick<OpenIssue, 'status'>>;
  maturity: number | null;
  onAccept: (maturity: number) => void;
}

/** The page's signals as one line of plain text ("" when the page says nothing). */
export function nativeSummary(n: NativeSignal): string {
  const parts: string[] = [];
  if (n.state) parts.push(t('native_' + n.state));
  if (n.status) parts.push(n.status);
  if (n.review) parts.push(t('nativeReview_' + n.review));
  if (n.threads?.total) parts.push(t('nativeThreads', n.threads.resolved, n.threads.total));
  if (n.labels?.length) parts.push(t('nativeLabels', n.labels.join(', ')));
  if (n.replies !== null) parts.push(tn('nativeReplies', n.replies));
  if (n.participants !== null) parts.push(tn('nativeParticipants', n.participants));
  if (n.lastActivity) parts.push(t('nativeLastActivity', n.lastActivity.slice(0, 10)));
  return parts.join(' · ');
}

/** One reason for a suggestion in words, with each count in its plural form. */
function reasonText({ key, subs }: SuggestionReason): string {
  const [a = 0, b = 0] = subs.map(Number);
  if (key === 'suggestReplies') return t(key, tn('nativeReplies', a), tn('suggestParticipants', b));
  if (key === 'suggestIssues') return tn(key, b, a, b);
  return t(key, ...subs);
}

export function NativeSignals({ native, issues, maturity, onAccept }: NativeSignalsProps) {
  const summary = nativeSummary(native);
  const suggestion = suggestMaturity(native, issues);
  if (!summary && !suggestion) return null;
  return (
    <section class="signals" aria-labelledby="signals-heading">
      <h3 id="signals-heading">{t('nativeHeading')}</h3>
      {summary ? <p class="native">{summary}</p> : <p class="native">{t('nativeNothing')}</p>}
      {suggestion && (
        <div class="suggestion">
          <p>
            <strong>{t('suggested', suggestion.maturity, t('band_' + bandOf(suggestion.maturity)))}</strong>{' '}
            <span class="hint">{suggestion.reasons.map(reasonText).join('; ')}</span>
          </p>
          {suggestion.maturity === maturity ? (
            <p class="hint">{t('suggestionMatches')}</p>
          ) : (
            <button type="button" onClick={() => onAccept(suggestion.maturity)}>
              {t('acceptSuggestion', suggestion.maturity)}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
