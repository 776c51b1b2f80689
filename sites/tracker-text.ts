/**
 * Small readers the issue-tracker adapters share (GitHub Issues, GitLab, Jira): label names as
 * tag suggestions, the latest time in a scope, distinct names.
 */
import { clip, isoTime, latest } from './dom-text';

/** Distinct non-empty strings, at most `max`. */
export const unique = (items: Iterable<string>, max = 10_000): string[] => [...new Set(Array.from(items).filter(Boolean))].slice(0, max);

/** Label names (plain text, at most 20 of 64 characters) of the elements `selector` finds in `scope`. */
export function labelsIn(scope: Element, selector: string, name = (el: Element) => el.textContent ?? ''): string[] | undefined {
  const names = unique(Array.from(scope.querySelectorAll(selector), (el) => clip(name(el), 64)), 20);
  return names.length ? names : undefined;
}

/** The latest `datetime` of the `<time>` / `<relative-time>` elements in `scope`. */
export const timesIn = (scope: Element): string | null =>
  latest(Array.from(scope.querySelectorAll('relative-time[datetime], time[datetime]'), (t) => isoTime(t.getAttribute('datetime'))));
