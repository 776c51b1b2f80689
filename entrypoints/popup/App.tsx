import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BADGE_CSS } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { EnableSite } from '../../components/EnableSite';
import { ThreadListView } from '../../components/ThreadListView';
import { t, tn } from '../../lib/i18n';
import { useLiveQuery } from '../../components/useLiveQuery';
import { downloadJsonExport } from '../../services/pages/export';
import { openPanel } from '../../services/shared/panel';
import { edit, openThreadInPanel, repository, scanTab, targetTabId, unrecognisedInTab, type TabScan } from '../../services/pages/ui';
import { ensurePicker, pageOutlineOf, startPicking, type PickBrowser } from '../../services/shared/pick-page';
import { normaliseGenericUrl } from '../../sites/generic.urls';

const pickBrowser = browser as unknown as PickBrowser;

/**
 * Where Doneness does not run by itself (no host permission), the popup's gesture lets it find
 * the discussions picked on this page: the content script and the picker script go in for them.
 */
async function findPickedHere(tabId: number): Promise<boolean> {
  const tab = await browser.tabs.get(tabId);
  if (!tab.url || !/^https?:/.test(tab.url)) return false;
  const picked = await repository().pickedOn(normaliseGenericUrl(new URL(tab.url)));
  if (picked.length === 0) return false;
  await ensurePicker(pickBrowser, tabId);
  return true;
}

// The popup: this tab's discussions with their badges and a quick maturity set.
export function App() {
  const [tabId, setTabId] = useState<number | undefined>();
  const [scan, setScan] = useState<TabScan | null>(null);
  const [message, setMessage] = useState('');
  const [unrecognised, setUnrecognised] = useState(0);
  useEffect(() => {
    void (async () => {
      const id = await targetTabId();
      setTabId(id);
      let first = id === undefined ? { active: false, threads: [] } : await scanTab(id);
      if (id !== undefined && !first.active && (await findPickedHere(id).catch(() => false))) {
        // The content script finds them with its first scan: ask again once it has.
        for (let i = 0; i < 20 && first.threads.length === 0; i++) {
          await new Promise((r) => setTimeout(r, 100));
          first = await scanTab(id);
        }
      }
      setScan(first);
      if (id !== undefined) setUnrecognised(await unrecognisedInTab(id));
    })();
  }, []);
  const threads = scan?.threads ?? null;
  const keys = threads?.map((th) => th.key) ?? [];
  const annotations = useLiveQuery(() => repository().getMany(keys), [keys.join('\n')]);
  const fail = (e: Error) => setMessage(t('saveFailed', e.message));
  return (
    <main class="popup">
      <style>{BADGE_CSS}</style>
      <header class="topbar">
        <img class="logo" src="/icon/48.png" alt="" />
        <h1>{t('extName')}</h1>
        <span class="spacer" />
        <button
          type="button"
          onClick={() => {
            openPanel(tabId, undefined);
            window.close();
          }}
        >
          {t('openSidePanel')}
        </button>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage().then(() => window.close())}>
          {t('openDashboard')}
        </button>
      </header>
      <section class="site-actions" aria-label={t('siteActions')}>
        {threads !== null && threads.length === 0 && tabId !== undefined && (
          <button
            type="button"
            class="primary"
            onClick={() => void startPicking(pickBrowser, tabId).then(() => window.close(), (e: Error) => setMessage(t('outlineFailed', e.message)))}
          >
            {t('pickDiscussion')}
          </button>
        )}
        <EnableSite onAnnotated={() => setTimeout(() => location.reload(), 300)} />
        {threads !== null && threads.length > 0 && tabId !== undefined && (
          <button type="button" onClick={() => void startPicking(pickBrowser, tabId).then(() => window.close(), (e: Error) => setMessage(t('outlineFailed', e.message)))}>
            {t('pickDiscussion')}
          </button>
        )}
        <p class="hint">{t('pickNote')}</p>
      </section>
      {unrecognised > 0 && (
        <section class="health" role="status" aria-label={t('detectionHealth')}>
          <p>{unrecognised === 1 ? t('unrecognisedOne') : t('unrecognisedMany', String(unrecognised))}</p>
          <p class="hint">{t('unrecognisedNext')}</p>
          {tabId !== undefined && (
            <button type="button" onClick={() => void startPicking(pickBrowser, tabId).then(() => window.close(), (e: Error) => setMessage(t('outlineFailed', e.message)))}>
              {t('pickDiscussion')}
            </button>
          )}
        </section>
      )}
      <ThreadListView
        threads={threads}
        annotations={annotations}
        onSelect={(thread) => {
          if (tabId === undefined) return;
          void openThreadInPanel(tabId, thread).then(() => window.close(), fail);
        }}
        onQuickSet={(thread, maturity) => void edit(thread, { kind: 'setMaturity', maturity }).catch(fail)}
        empty={<EmptyState active={scan?.active ?? false} surface="popup" />}
      />
      <footer class="topbar footer">
        <button
          type="button"
          onClick={() =>
            downloadJsonExport()
              .then((n) => setMessage(tn('exported', n)))
              .catch(fail)
          }
        >
          {t('exportJson')}
        </button>
        {tabId !== undefined && (
          <button
            type="button"
            onClick={() =>
              void pageOutlineOf(pickBrowser, tabId)
                .then((text) => navigator.clipboard.writeText(text))
                .then(() => setMessage(t('outlineCopied')), (e: Error) => setMessage(t('outlineFailed', e.message)))
            }
          >
            {t('copyOutline')}
          </button>
        )}
        <span class="status" role="status">
          {message}
        </span>
      </footer>
    </main>
  );
}
