import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BADGE_CSS, Badge } from '../../components/Badge';
import { MaturitySlider } from '../../components/MaturitySlider';
import { t } from '../../components/i18n';
import { useLiveQuery } from '../../components/useLiveQuery';
import { downloadJsonExport } from '../../services/export';
import { openPanel } from '../../services/panel';
import { edit, focusThread, repository, targetTabId, threadsInTab } from '../../services/ui';
import { badgeStateOf } from '../../storage/model';
import type { ThreadRef } from '../../storage/schema';

// The popup: this tab's discussions with their badges and a quick maturity set.
export function App() {
  const [tabId, setTabId] = useState<number | undefined>();
  const [threads, setThreads] = useState<ThreadRef[] | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    void (async () => {
      const id = await targetTabId();
      setTabId(id);
      setThreads(id === undefined ? [] : await threadsInTab(id));
    })();
  }, []);
  const keys = threads?.map((th) => th.key) ?? [];
  const annotations = useLiveQuery(() => repository().getMany(keys), [keys.join('\n')]);
  const now = Date.now();
  const openSidePanel = () => {
    openPanel(tabId, undefined);
    window.close();
  };
  return (
    <main style={{ width: '380px' }}>
      <style>{BADGE_CSS}</style>
      <header class="topbar">
        <img class="logo" src="/icon/48.png" alt="" />
        <h1>{t('extName')}</h1>
        <span class="spacer" />
        <button type="button" onClick={openSidePanel}>
          {t('openSidePanel')}
        </button>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('openDashboard')}
        </button>
      </header>
      {threads === null ? (
        <p class="empty">{t('loading')}</p>
      ) : threads.length === 0 ? (
        <p class="empty">{t('popupEmpty')}</p>
      ) : (
        <>
          <p class="status">{t('popupFound', threads.length)}</p>
          <ul class="thread-list" aria-label={t('threadsOnPage')}>
            {threads.map((thread, i) => {
              const annotation = annotations?.get(thread.key);
              return (
                <li class="thread-item" key={thread.key}>
                  <div class="thread-row">
                    <button
                      type="button"
                      class="title"
                      title={thread.title}
                      onClick={() => tabId !== undefined && void focusThread(tabId, thread.key)}
                    >
                      {thread.title || thread.key}
                    </button>
                    <Badge state={annotation ? badgeStateOf(annotation, now) : null} showUnassessed={true} />
                  </div>
                  <MaturitySlider
                    id={`quick-${i}`}
                    value={annotation?.maturity ?? null}
                    label={t('maturityOf', thread.title)}
                    onCommit={(maturity) =>
                      edit(thread, { kind: 'setMaturity', maturity }).catch((e: Error) => setMessage(e.message))
                    }
                  />
                </li>
              );
            })}
          </ul>
        </>
      )}
      <footer class="topbar">
        <button
          type="button"
          onClick={() =>
            downloadJsonExport()
              .then((n) => setMessage(t('exported', n)))
              .catch((e: Error) => setMessage(e.message))
          }
        >
          {t('exportJson')}
        </button>
        <span class="status" role="status">
          {message}
        </span>
      </footer>
    </main>
  );
}
