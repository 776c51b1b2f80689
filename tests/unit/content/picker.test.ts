// Keyboard-only picking (content/picker.ts): Tab moves from post to post the way the pointer
// would highlight them — into a page's wrapper to its posts, never into the parts of one post
// (its author line, its header) — arrows widen and narrow, Enter chooses, Esc leaves.
import { beforeEach, describe, expect, it } from 'vitest';
import { startPicker } from '../../../content/picker';
import type { ThreadRef } from '../../../storage/schema';

const post = (id: string, author: string, title: string, text: string) => `
  <div id="${id}" class="post">
    <div class="inner">
      <dl class="postprofile"><dt><a class="username" href="/u/1">${author}</a></dt><dd>Posts: 12</dd></dl>
      <div class="postbody">
        <h3><a href="#${id}">${title}</a></h3>
        <p class="author">by <a class="username" href="/u/1">${author}</a> » Mon Jan 12, 2026 5:48 am</p>
        <div class="content">${text}</div>
      </div>
    </div>
  </div>`;

const PAGE = `
  <div id="wrap">
    <div id="header"><h1>Bakery intranet forum</h1><p>Shifts, ovens, suppliers and everything in between</p></div>
    <div id="page-body">
      <h2>Night shift handover: who checks the proofer?</h2>
      ${post('p1', 'Marta Kowalski', 'Who checks the proofer?', 'Twice this month the day shift found the proofer far too warm with the tray dry.')}
      ${post('p2', 'Tomás Ferreira', 'Re: Who checks the proofer?', 'A name on the sheet works for me, but the sheet lives in the office after ten.')}
      ${post('p3', 'Ingrid Halvorsen', 'Proposal: a checklist card', 'A laminated checklist card on the proofer door with three lines per night.')}
    </div>
  </div>`;

/** Starts the picker, presses `keys` on the page, and answers what was chosen (undefined: nothing yet). */
function pickWith(keys: Array<string | [string, { shiftKey: boolean }]>): ThreadRef | null | undefined {
  let chosen: ThreadRef | null | undefined;
  const stop = startPicker(document, { done: (thread) => (chosen = thread) });
  for (const k of keys) {
    const [key, mods] = typeof k === 'string' ? [k, { shiftKey: false }] : k;
    window.dispatchEvent(new KeyboardEvent('keydown', { key, ...mods, bubbles: true, cancelable: true }));
  }
  const answer = chosen;
  stop();
  return answer;
}

const tabs = (n: number) => Array.from({ length: n }, () => 'Tab');

describe('keyboard-only picking', () => {
  beforeEach(() => {
    document.body.innerHTML = PAGE;
    history.replaceState(null, '', '/viewtopic.php?t=812');
  });

  it('Tab goes from the page header to each post in turn, never into the parts of one post', () => {
    const titles = [1, 2, 3, 4, 5].map((n) => pickWith([...tabs(n), 'Enter'])?.title);
    expect(titles).toEqual([
      'Bakery intranet forum',
      'Night shift handover: who checks the proofer?',
      'Who checks the proofer?',
      'Re: Who checks the proofer?',
      'Proposal: a checklist card',
    ]);
  });

  it('Shift+Tab goes back; the arrows widen and narrow the highlight', () => {
    expect(pickWith([...tabs(5), ['Tab', { shiftKey: true }], 'Enter'])?.title).toBe('Re: Who checks the proofer?');
    // Widened from the first post: the whole topic (its heading is the title); narrowed again: the post.
    expect(pickWith([...tabs(3), 'ArrowUp', 'Enter'])?.title).toBe('Night shift handover: who checks the proofer?');
    expect(pickWith([...tabs(3), 'ArrowUp', 'ArrowDown', 'Enter'])?.title).toBe('Who checks the proofer?');
  });

  it('Esc leaves without choosing; Enter with nothing highlighted chooses nothing', () => {
    expect(pickWith(['Enter'])).toBeUndefined();
    expect(pickWith([...tabs(3), 'Escape'])).toBeNull();
  });
});
