import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BADGE_CSS } from '../../components/Badge';
import { ThreadEditor } from '../../components/ThreadEditor';
import { ThreadListView } from '../../components/ThreadListView';
import { t } from '../../lib/i18n';
import { useLiveQuery } from '../../components/useLiveQuery';
import { selectionKey } from '../../protocol/keys';
import { watchTeamChanges } from '../../services/pages/sync-ui';
import { EmptyState } from '../../components/EmptyState';
import { edit, focusThread, knownTags, pickAgain, pickedOfTab, repository, scanTab, targetTabId, type TabScan, threadsInView } from '../../services/pages/ui';
import { OrphanList } from '../../components/OrphanList';
import { ThreadRef } from '../../storage/schema';
import type { PickedList } from '../../protocol/messages';

// The side panel: follows the active tab, lists its discussions and edits the selected one.
export function App() {
  const [tabId, setTabId] = useState<number | undefined>();
  const [scan, setScan] = useState<TabScan | null>(null);
  const [selected, setSelected] = useState<ThreadRef | null>(null);
  const [picked, setPicked] = useState<PickedList>({ found: [], orphans: [] });
  const [pickError, setPickError] = useState('');
  const pinnedTab = new URLSearchParams(location.search).has('tab');
  // Wayfinding on long pages: the discussion edited last, the ones in view on the page, and
  // where the list was scrolled to when a discussion was opened from it.
  const [lastEdited, setLastEdited] = useState<string | null>(null);
  const [inView, setInView] = useState<ReadonlySet<string>>(new Set());
  const listPlace = useRef<{ top: number; key: string } | null>(null);

  useEffect(() => {
    const refresh = async () => setTabId(await targetTabId());
    void refresh();
    if (pinnedTab) return;
    const onActivated = () => void refresh();
    browser.tabs.onActivated.addListener(onActivated);
    browser.windows.onFocusChanged.addListener(onActivated);
    return () => {
      browser.tabs.onActivated.removeListener(onActivated);
      browser.windows.onFocusChanged.removeListener(onActivated);
    };
  }, []);

  useEffect(() => {
    if (tabId === undefined) return;
    setScan(null);
    setPicked({ found: [], orphans: [] });
    const load = async () => {
      setScan(await scanTab(tabId));
      setPicked(await pickedOfTab(tabId));
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
      setSelected(parsed.success ? parsed.data : null);
      // A discussion just picked (or re-pointed) is no longer an orphan.
      void pickedOfTab(tabId).then(setPicked);
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [tabId]);

  const threads = scan?.threads ?? null;
  const keys = threads?.map((th) => th.key) ?? [];
  if (selected && !keys.includes(selected.key)) keys.push(selected.key);
  const annotations = useLiveQuery(() => repository().getMany(keys), [keys.join('\n')]);
  const tags = useLiveQuery(() => knownTags(), []) ?? [];
  // The page's fresher signals (e.g. a new comment) win over the ones stored with the selection.
  const current = selected ? (threads?.find((th) => th.key === selected.key) ?? selected) : null;

  // While the editor is open (with its team ratings), long-poll the team database (when sync is
  // on), so a teammate's rating shows up there and on the page's badges within seconds.
  const editing = current !== null;
  useEffect(() => {
    if (!editing) return;
    const live = new AbortController();
    void watchTeamChanges(live.signal);
    return () => live.abort();
  }, [editing]);

  const select = (thread: ThreadRef | null) => {
    if (thread && !current) listPlace.current = { top: document.scrollingElement?.scrollTop ?? 0, key: thread.key };
    setSelected(thread);
    if (tabId === undefined) return;
    if (thread) {
      void browser.storage.session.set({ [selectionKey(tabId)]: thread });
      void focusThread(tabId, thread.key);
    } else void browser.storage.session.remove(selectionKey(tabId));
  };

  // Back on the list: where it was, with focus on the discussion just left.
  useLayoutEffect(() => {
    const place = listPlace.current;
    if (current || !place || !threads) return;
    listPlace.current = null;
    document.scrollingElement?.scrollTo(0, place.top);
    document.querySelector<HTMLElement>(`li[data-key="${CSS.escape(place.key)}"] button.title`)?.focus({ preventScroll: true });
  }, [current?.key, threads]);

  // The discussions in view on the page, asked again while the list shows (the page scrolls on
  // its own; the content script does not push).
  useEffect(() => {
    if (current || tabId === undefined) return;
    let stopped = false;
    const ask = async () => {
      const keys = await threadsInView(tabId);
      if (stopped) return;
      setInView((before) => (before.size === keys.length && keys.every((k) => before.has(k)) ? before : new Set(keys)));
    };
    void ask();
    const timer = setInterval(() => document.visibilityState === 'visible' && void ask(), 1500);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [current?.key, tabId]);

  return (
    <main class="panel">
      <style>{BADGE_CSS}</style>
      <header class="topbar">
        <img class="logo" src="/icon/48.png" alt="" />
        <h1>{t('extName')}</h1>
        <span class="spacer" />
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('openDashboard')}
        </button>
      </header>
      {current ? (
        <>
          <nav class="crumbs" aria-label={t('panelNav')}>
            <button type="button" class="link-button" onClick={() => select(null)}>
              <span aria-hidden="true">← </span>
              {t('allThreads')}
            </button>
          </nav>
          <ThreadEditor
            key={current.key}
            thread={current}
            annotation={annotations?.get(current.key)}
            knownTags={tags}
            onEdit={(op) => {
              setLastEdited(current.key);
              return edit(current, op);
            }}
          />
        </>
      ) : (
        <>
          <ThreadListView
            threads={threads}
            annotations={annotations}
            onSelect={select}
            filterable={true}
            lastEdited={lastEdited}
            inView={inView}
            empty={<EmptyState active={scan?.active ?? false} surface="panel" />}
          />
          <OrphanList
            orphans={picked.orphans}
            onPickAgain={(key) => {
              setPickError('');
              if (tabId !== undefined) pickAgain(tabId, key).catch((e: Error) => setPickError(t('outlineFailed', e.message)));
            }}
          />
          {pickError && <p role="alert">{pickError}</p>}
        </>
      )}
    </main>
  );
}
