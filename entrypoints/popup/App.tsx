import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BADGE_CSS } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { EnableSite } from '../../components/EnableSite';
import { ThreadListView } from '../../components/ThreadListView';
import { t } from '../../lib/i18n';
import { useLiveQuery } from '../../components/useLiveQuery';
import { downloadJsonExport } from '../../services/pages/export';
import { openPanel } from '../../services/shared/panel';
import { edit, openThreadInPanel, repository, scanTab, targetTabId, type TabScan } from '../../services/pages/ui';

// The popup: this tab's discussions with their badges and a quick maturity set.
export function App() {
  const [tabId, setTabId] = useState<number | undefined>();
  const [scan, setScan] = useState<TabScan | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    void (async () => {
      const id = await targetTabId();
      setTabId(id);
      setScan(id === undefined ? { active: false, threads: [] } : await scanTab(id));
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
        <EnableSite onAnnotated={() => setTimeout(() => location.reload(), 300)} />
      </section>
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
              .then((n) => setMessage(t('exported', n)))
              .catch(fail)
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
