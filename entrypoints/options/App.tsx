import { useEffect, useState } from 'preact/hooks';
import { AnnotationTable, TABLE_WINDOW } from '../../components/AnnotationTable';
import { BADGE_CSS } from '../../components/Badge';
import { DashboardFilters } from '../../components/DashboardFilters';
import { DeleteAllDialog } from '../../components/DeleteAllDialog';
import { ImportExport } from '../../components/ImportExport';
import { KeptNotice } from '../../components/KeptNotice';
import { MaturityChart } from '../../components/MaturityChart';
import { SettingsForm } from '../../components/SettingsForm';
import { SiteSettings } from '../../components/SiteSettings';
import { StorageStatus } from '../../components/StorageStatus';
import { SyncSettings } from '../../components/SyncSettings';
import { filterFromHash, filterToHash, type DashboardRow } from '../../lib/dashboard-rows';
import { t, tn } from '../../lib/i18n';
import { useDashboardView } from '../../components/useDashboardView';
import { useLiveQuery } from '../../components/useLiveQuery';
import { downloadJsonExport } from '../../services/pages/export';
import { watchTeamChanges } from '../../services/pages/sync-ui';
import {
  deleteAll,
  deleteAnnotation,
  keptSeen,
  markKeptSeen,
  repository,
  saveSettings,
  storageInfo,
  type StorageInfo,
} from '../../services/pages/ui';
import { SITE_IDS, type Settings } from '../../storage/schema';

// The dashboard: every annotated discussion with filters, sorting and a chart; settings. The rows
// are read, filtered and sorted by the dashboard's worker; the page holds only what it draws.
export function App() {
  const stored = useLiveQuery(() => repository().settings(), []);
  const [message, setMessage] = useState('');
  const [view, setViewState] = useState(() => filterFromHash(location.hash, SITE_IDS));
  const [offset, setOffset] = useState(0);
  const setView = (next: typeof view) => {
    setViewState(next);
    setOffset(0);
  };
  const [storage, setStorage] = useState<StorageInfo | null>(null);
  const now = Date.now();
  const rows = useDashboardView({ filter: view.filter, sort: view.sort, now, offset, limit: TABLE_WINDOW });
  const data = rows.view;
  const total = data?.total ?? 0;
  // Discussions this person deleted that a teammate's unseen change kept (docs/conflicts.md).
  const [seen, setSeen] = useState(keptSeen);
  const keptId = (row: DashboardRow) => `${row.threadKey} ${row.keptAfterDelete?.stamp}`;
  const kept = (data?.kept ?? []).filter((row) => row.keptAfterDelete?.by === stored?.memberId && !seen.has(keptId(row)));
  useEffect(() => {
    // persist() exists only in windows, not in the service worker: ask from the dashboard.
    void storageInfo().then(setStorage);
  }, [data?.total]);
  // While the dashboard is open, a teammate's change comes in within seconds (the long-poll is
  // started here, by the app, not by the sync settings it shows).
  useEffect(() => {
    const live = new AbortController();
    void watchTeamChanges(live.signal);
    return () => live.abort();
  }, []);
  useEffect(() => {
    history.replaceState(null, '', location.pathname + location.search + filterToHash(view.filter, view.sort));
  }, [view]);

  const save = (next: Settings) =>
    saveSettings(next)
      .then(() => setMessage(t('saved')))
      .catch((e: Error) => setMessage(t('saveFailed', e.message)));
  const exportJson = () =>
    downloadJsonExport()
      .then((n) => setMessage(tn('exported', n)))
      .catch((e: Error) => setMessage(t('saveFailed', e.message)));

  return (
    <main class="dashboard">
      <style>{BADGE_CSS}</style>
      <header class="topbar">
        <img class="logo" src="/icon/48.png" alt="" />
        <h1>{t('dashboardTitle')}</h1>
        <span class="spacer" />
        <button type="button" class="primary" onClick={exportJson} disabled={total === 0}>
          {t('exportJson')}
        </button>
      </header>
      <p class="status" role="status">
        {message}
      </p>
      <KeptNotice
        rows={kept}
        onDeleteAgain={(row) =>
          deleteAnnotation(row.threadKey)
            .then(() => setMessage(t('keptDeleted', row.title)))
            .catch((e: Error) => setMessage(t('saveFailed', e.message)))
        }
        onKeep={(row) => setSeen(markKeptSeen(keptId(row)))}
      />
      <section aria-labelledby="annotated-heading">
        <h2 id="annotated-heading">{t('annotatedHeading', total)}</h2>
        {rows.error && (
          <p class="error" role="alert">
            {rows.error}
          </p>
        )}
        {data === undefined ? (
          <p class="empty">{t('loadingDashboard')}</p>
        ) : total === 0 ? (
          <div class="empty-state">
            <p class="empty-title">{t('dashboardEmpty')}</p>
            <p class="hint">{t('dashboardEmptyHint')}</p>
          </div>
        ) : (
          <>
            <DashboardFilters
              filter={view.filter}
              tags={data.tags}
              shown={data.shown}
              total={total}
              onChange={(filter) => setView({ ...view, filter })}
            />
            <MaturityChart data={data.distribution} />
            {data.shown === 0 ? (
              <p class="empty">{t('filterNothing')}</p>
            ) : (
              <AnnotationTable
                rows={data.rows}
                offset={data.offset}
                shown={data.shown}
                sort={view.sort}
                onSort={(sort) => setView({ ...view, sort })}
                now={now}
                onWindow={setOffset}
                viewKey={filterToHash(view.filter, view.sort)}
              />
            )}
          </>
        )}
      </section>
      <ImportExport filtered={data && data.shown < total ? { count: data.shown, keys: rows.keys } : undefined} />
      <section aria-labelledby="settings-heading" class="settings">
        <h2 id="settings-heading">{t('settingsHeading')}</h2>
        <SettingsForm stored={stored} save={save} />
      </section>
      <section aria-labelledby="sites-heading" class="settings">
        <h2 id="sites-heading">{t('sitesHeading')}</h2>
        <p class="hint">{t('sitesBuiltIn')}</p>
        <SiteSettings />
      </section>
      <section aria-labelledby="sync-heading" class="settings">
        <h2 id="sync-heading">{t('syncHeading')}</h2>
        <SyncSettings />
      </section>
      <section aria-labelledby="storage-heading" class="settings">
        <h2 id="storage-heading">{t('storageHeading')}</h2>
        <StorageStatus info={storage} count={total} />
        <DeleteAllDialog
          count={total}
          onExport={exportJson}
          onConfirm={() =>
            deleteAll().then((n) => {
              setMessage(tn('deletedAll', n));
            })
          }
        />
      </section>
    </main>
  );
}
