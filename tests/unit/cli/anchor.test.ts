// `doneness anchor describe|find` on saved pages: the selectors it prints find the block again,
// also after the page changed; bad input gets a one-line reason and exit code.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main';
import { pageHtml } from '../sites/anchoring/pages';

const tmp = mkdtempSync(path.join(tmpdir(), 'doneness-anchor-'));
const URL_ = 'https://board.example/topics/oven-week';

function file(name: string, content: string): string {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
}

async function doneness(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('doneness anchor', () => {
  const forum = file('forum.html', pageHtml('team-forum.html'));

  it('describes the element CSS names and finds it again, also on the page with posts added above', async () => {
    const d = await doneness('anchor', 'describe', '--url', URL_, '--css', 'li.post:nth-of-type(2)', forum);
    expect(d.code).toBe(0);
    const selectors = JSON.parse(d.stdout);
    expect(selectors.map((s: { type: string }) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector', 'CssSelector']);
    expect(selectors[0].exact).toMatch(/^Ben Miller 5 Jan We agreed last quarter/);
    const sel = file('sel.json', d.stdout);
    const same = await doneness('anchor', 'find', '--url', URL_, sel, forum);
    expect(JSON.parse(same.stdout)).toEqual({
      found: true,
      text: 'Ben Miller 5 Jan We agreed last quarter that nobody opens the control panel with',
      css: 'div#app > main > ul.feed > li.post:nth-of-type(2)',
    });
    const changed = file('changed.html', pageHtml('team-forum.html').replace('<ul class="Feed_list__k3Jd8 feed">', '<ul class="Feed_list__k3Jd8 feed"><li class="post"><p>A new post at the top of the feed, long enough.</p></li>'));
    const moved = await doneness('anchor', 'find', '--url', URL_, sel, changed);
    expect(JSON.parse(moved.stdout)).toMatchObject({ found: true, css: 'div#app > main > ul.feed > li.post:nth-of-type(3)' });
    // Accepts a W3C annotation's target too.
    const annotation = file('annotation.json', JSON.stringify({ type: 'Annotation', target: { source: URL_, selector: selectors } }));
    expect(JSON.parse((await doneness('anchor', 'find', '--url', URL_, annotation, forum)).stdout).found).toBe(true);
  });

  it('prints {"found": false} for a block that is gone', async () => {
    const sel = file('gone.json', JSON.stringify([{ type: 'TextQuoteSelector', exact: 'A post that was never on this page at all, about something else', prefix: 'x', suffix: 'y' }]));
    const r = await doneness('anchor', 'find', '--url', URL_, sel, forum);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ found: false });
  });

  it('refuses bad input with a reason', async () => {
    const cases: [string[], number, RegExp][] = [
      [['anchor'], 0, /usage: doneness anchor/],
      [['anchor', 'describe', '--url', URL_, forum], 2, /describe needs --css/],
      [['anchor', 'describe', '--url', 'not a url', '--css', 'li', forum], 2, /not a URL/],
      [['anchor', 'describe', '--url', URL_, '--css', 'li[', forum], 1, /not a CSS selector: li\[/],
      [['anchor', 'describe', '--url', URL_, '--css', 'li.post', forum], 1, /names more than one element/],
      [['anchor', 'describe', '--url', URL_, '--css', 'blink', forum], 1, /no element matches blink/],
      [['anchor', 'find', '--url', URL_, forum], 2, /find needs SELECTORS.json and FILE/],
      [['anchor', 'find', '--url', URL_, file('bad.json', '{'), forum], 1, /is not JSON/],
      [['anchor', 'find', '--url', URL_, file('empty.json', '[]'), forum], 1, /expected 1 to 3 selectors/],
      [['anchor', 'find', '--url', URL_, file('css.json', '[{"type":"CssSelector","value":"li"}]'), forum], 1, /a TextQuoteSelector is required/],
      [['anchor', 'find', '--url', URL_, file('pos.json', '[{"type":"TextQuoteSelector","exact":"x"},{"type":"TextPositionSelector","start":5,"end":2}]'), forum], 1, /start and end/],
      [['anchor', 'find', '--url', URL_, file('ok.json', '[{"type":"TextQuoteSelector","exact":"x"}]'), path.join(tmp, 'missing.html')], 1, /no such file/],
      [['anchor', 'sideways', '--url', URL_], 2, /unknown mode "sideways"/],
    ];
    for (const [args, code, message] of cases) {
      const r = await doneness(...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(code === 0 ? r.stdout : r.stderr, args.join(' ')).toMatch(message);
    }
  });
});
