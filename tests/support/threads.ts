/** Thread refs for storage and sync tests: thread `n` of one wiki talk page. */
import type { ThreadRef } from '../../storage/schema';

/** A thread on a wiki talk page. */
export function thread(n: number, title = `Thread ${n}`): ThreadRef {
  return {
    key: `mediawiki:en.wikipedia.org/Talk:Cake#T${n}`,
    site: 'mediawiki',
    title,
    url: `https://en.wikipedia.org/wiki/Talk:Cake#T${n}`,
    native: { state: null, replies: null, participants: null, lastActivity: null },
  };
}
