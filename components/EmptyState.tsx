/**
 * What a newcomer sees when a tab has no discussions: why, and what to do next. Distinguishes a
 * page Doneness is not active on from an active page without threads.
 */
import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n';

export interface EmptyStateProps {
  /** Whether the tab's content script answered (Doneness is active on this page). */
  active: boolean;
  /** Where the person is: the popup has the site switches, the side panel points to it. */
  surface: 'popup' | 'panel';
  children?: ComponentChildren;
}

export function EmptyState({ active, surface, children }: EmptyStateProps) {
  return (
    <div class="empty-state">
      <p class="empty-title">{active ? t('emptyNoThreads') : t('emptyInactive')}</p>
      <p class="hint">
        {active
          ? t(surface === 'popup' ? 'emptyNoThreadsHintPopup' : 'emptyNoThreadsHintPanel')
          : t(surface === 'popup' ? 'emptyInactiveHintPopup' : 'emptyInactiveHintPanel')}
      </p>
      <p class="hint">{t('emptyTry')}</p>
      {children}
    </div>
  );
}
