import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BADGE_CSS, Badge } from '../../components/Badge';
import { ThreadEditor } from '../../components/ThreadEditor';
import { t } from '../../components/i18n';
import { useLiveQuery } from '../../components/useLiveQuery';
import { selectionKey } from '../../services/background';
import { edit, focusThread, repository, targetTabId, threadsInTab } from '../../services/ui';
import { badgeStateOf } from '../../storage/model';
import { ThreadRef } from '../../storage/schema';

// The side panel: follows the active tab, lists its discussions and edits the selected one.
export function App() {
  const [tabId, setTabId] = useState<number | undefined>();
  const [threads, setThreads] = useState<ThreadRef[] | null>(null);
  const [selected, setSelected] = useState<ThreadRef | null>(null);
  const pinnedTab = new URLSearchParams(location.search).has('tab');

  useEffect(() => {
    const refresh = async () => setTabId(await targetTabId());
    void refresh();
    if (pinnedTab) return;
    const onActivated = () => void refresh();
    browser.tabs.onActivated.addListener(onActivated);
    return () => browser.tabs.onActivated.removeListener(onActivated);
  }, []);

  useEffect(() => {
    if (tabId === undefined) return;
    const load = async () => {
      setThreads(await threadsInTab(tabId));
      const stored = (await browser.storage.session.get(selectionKey(tabId)))[selectionKey(tabId)];
      const parsed = ThreadRef.safeParse(stored);
      setSelected(parsed.success ? parsed.data : null);
    };
    void load();
    const onUpdated = (id: number, change: { status?: string }) => {
      if (id === tabId && change.status === 'complete') void load();
    };
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const change = changes[selectionKey(tabId)];
      if (area !== 'session' || !change) return;
      const parsed = ThreadRef.safeParse(change.newValue);
      if (parsed.success) setSelected(parsed.data);
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [tabId]);

  const keys = threads?.map((th) => th.key) ?? [];
  if (selected && !keys.includes(selected.key)) keys.push(selected.key);
  const annotations = useLiveQuery(() => repository().getMany(keys), [keys.join('\n')]);
  const now = Date.now();

  const select = (thread: ThreadRef) => {
    setSelected(thread);
    if (tabId !== undefined) {
      void browser.storage.session.set({ [selectionKey(tabId)]: thread });
      void focusThread(tabId, thread.key);
    }
  };

  return (
    <main>
      <style>{BADGE_CSS}</style>
      <header class="topbar">
        <img class="logo" src="/icon/48.png" alt="" />
        <h1>{t('extName')}</h1>
        <span class="spacer" />
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('openDashboard')}
        </button>
      </header>
      {selected && (
        <>
          <button type="button" class="back" onClick={() => setSelected(null)}>
            ← {t('allThreads')}
          </button>
          <ThreadEditor
            thread={selected}
            annotation={annotations?.get(selected.key)}
            onEdit={(op) => edit(selected, op)}
          />
        </>
      )}
      {!selected &&
        (threads === null ? (
          <p class="empty">{t('loading')}</p>
        ) : threads.length === 0 ? (
          <p class="empty">{t('popupEmpty')}</p>
        ) : (
          <ul class="thread-list" aria-label={t('threadsOnPage')}>
            {threads.map((thread) => {
              const annotation = annotations?.get(thread.key);
              return (
                <li class="thread-item" key={thread.key}>
                  <div class="thread-row">
                    <button type="button" class="title" onClick={() => select(thread)}>
                      {thread.title || thread.key}
                    </button>
                    <Badge
                      state={annotation ? badgeStateOf(annotation, now) : null}
                      showUnassessed={true}
                      onActivate={() => select(thread)}
                    />
                  </div>
                </li>
              );
            })}
          </ul>
        ))}
    </main>
  );
}
