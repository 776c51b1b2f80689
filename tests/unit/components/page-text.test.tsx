// Text that came from a web page (thread titles) or from people (issues, notes, answers, tags)
// is drawn as text in every view: markup in it never becomes elements, so a hostile wiki edit or
// a shared annotation cannot run script in the extension's pages (docs/security.md).
import { render, type ComponentChild } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { AnnotationTable } from '../../../components/AnnotationTable';
import { dashboardRow, shownRow } from '../../../lib/dashboard-rows';
import { ThreadEditor } from '../../../components/ThreadEditor';
import { ThreadListView } from '../../../components/ThreadListView';
import { annotate } from '../storage/exchange/sample';
import type { ThreadRef } from '../../../storage/schema';

const PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script><b onclick="x()">bold</b>';
const NOW = Date.UTC(2026, 5, 15, 12);
const thread: ThreadRef = {
  key: 'mediawiki:en.wikipedia.org/Talk:Cake#Icing',
  site: 'mediawiki',
  title: `Icing ${PAYLOAD}`,
  url: 'https://en.wikipedia.org/wiki/Talk:Cake#Icing',
  native: { state: null, replies: 4, participants: 3, lastActivity: null },
};
const annotation = annotate(thread, [
  { kind: 'setMaturity', maturity: 60 },
  { kind: 'addIssue', id: 'i1', text: `issue ${PAYLOAD}` },
  { kind: 'setNote', text: `note ${PAYLOAD}` },
  { kind: 'setAnswer', text: `answer ${PAYLOAD}` },
  { kind: 'setTags', tags: ['<b onclick="x()">tag</b>'] },
]);

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});
const settle = () => new Promise((r) => setTimeout(r, 20));

async function mount(node: ComponentChild): Promise<HTMLElement> {
  root = document.createElement('div');
  document.body.append(root);
  render(node, root);
  await settle();
  return root;
}

/** No element or handler came out of the payload, and its characters are shown as they are. */
function expectPlainText(view: HTMLElement, shown: string) {
  expect(view.querySelectorAll('img, script, b, [onerror], [onclick]')).toHaveLength(0);
  expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
  const text = view.textContent + [...view.querySelectorAll('input, textarea')].map((f) => (f as HTMLInputElement).value).join(' ');
  expect(text).toContain(shown);
}

describe('text from pages and people is drawn as text', () => {
  it('in the popup and side panel list of threads', async () => {
    const view = await mount(<ThreadListView threads={[thread]} annotations={new Map([[thread.key, annotation]])} onSelect={() => undefined} empty={null} now={NOW} />);
    expectPlainText(view, thread.title);
  });

  it('in the side panel editor: title, issues, note, answer, tags', async () => {
    const view = await mount(<ThreadEditor thread={thread} annotation={annotation} knownTags={['<b onclick="x()">tag</b>']} onEdit={async () => undefined} now={NOW} />);
    for (const shown of [thread.title, `issue ${PAYLOAD}`, `note ${PAYLOAD}`, `answer ${PAYLOAD}`, '<b onclick="x()">tag</b>']) expectPlainText(view, shown);
  });

  it('in the dashboard table', async () => {
    const view = await mount(
      <AnnotationTable rows={[shownRow(dashboardRow(annotation))]} offset={0} shown={1} sort={{ key: 'updated', dir: 'desc' }} onSort={() => undefined} now={NOW} onWindow={() => undefined} viewKey="" />,
    );
    expectPlainText(view, thread.title);
  });

  it('links a permalink only when it is a web address', async () => {
    for (const url of ['javascript:window.__pwned=1', 'data:text/html,<script>1</script>', 'chrome-extension://abc/options.html']) {
      const hostile = { ...thread, url };
      const views = [
        await mount(<ThreadEditor thread={hostile} annotation={annotation} knownTags={[]} onEdit={async () => undefined} now={NOW} />),
        await mount(
          <AnnotationTable rows={[shownRow(dashboardRow({ ...annotation, url }))]} offset={0} shown={1} sort={{ key: 'updated', dir: 'desc' }} onSort={() => undefined} now={NOW} onWindow={() => undefined} viewKey="" />,
        ),
      ];
      for (const view of views) {
        expect(view.textContent).toContain('Icing');
        expect([...view.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))).not.toContain(url);
        render(null, view);
        view.remove();
      }
    }
    const view = await mount(<ThreadEditor thread={thread} annotation={annotation} knownTags={[]} onEdit={async () => undefined} now={NOW} />);
    expect(view.querySelector(`a[href="${thread.url}"]`)).not.toBeNull();
  });
});
