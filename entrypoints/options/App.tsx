import { useEffect, useState } from 'preact/hooks';
import { AnnotationTable } from '../../components/AnnotationTable';
import { BADGE_CSS } from '../../components/Badge';
import { DashboardFilters } from '../../components/DashboardFilters';
import { DeleteAllDialog } from '../../components/DeleteAllDialog';
import { ImportExport } from '../../components/ImportExport';
import { MaturityChart } from '../../components/MaturityChart';
import { SiteSettings } from '../../components/SiteSettings';
import { StorageStatus } from '../../components/StorageStatus';
import { SyncSettings } from '../../components/SyncSettings';
import {
  distribution,
  filterAnnotations,
  filterFromHash,
  filterToHash,
  sortAnnotations,
  tagsOf,
} from '../../components/dashboard-rows';
import { t } from '../../components/i18n';
import { useLiveQuery } from '../../components/useLiveQuery';
import { downloadJsonExport } from '../../services/export';
import { deleteAll, repository, saveSettings, storageInfo, type StorageInfo } from '../../services/ui';
import { DEFAULT_SETTINGS, SITE_IDS, type Settings } from '../../storage/schema';

// The dashboard: every annotated discussion with filters, sorting and a chart; settings.
export function App() {
  const annotations = useLiveQuery(() => repository().list(), []);
  const stored = useLiveQuery(() => repository().settings(), []);
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [message, setMessage] = useState('');
  const [view, setView] = useState(() => filterFromHash(location.hash, SITE_IDS));
  const [storage, setStorage] = useState<StorageInfo | null>(null);
  useEffect(() => {
    if (stored) setSettings(stored);
  }, [stored]);
  useEffect(() => {
    // persist() exists only in windows, not in the service worker: ask from the dashboard.
    void storageInfo().then(setStorage);
  }, [annotations?.length]);
  useEffect(() => {
    history.replaceState(null, '', location.pathname + location.search + filterToHash(view.filter, view.sort));
  }, [view]);

  const now = Date.now();
  const all = annotations ?? [];
  const shown = sortAnnotations(filterAnnotations(all, view.filter, now), view.sort);
  const save = (next: Settings) => {
    setSettings(next);
    saveSettings(next)
      .then(() => setMessage(t('saved')))
      .catch((e: Error) => setMessage(t('saveFailed', e.message)));
  };
  const exportJson = () =>
    downloadJsonExport()
      .then((n) => setMessage(t('exported', n)))
      .catch((e: Error) => setMessage(t('saveFailed', e.message)));

  return (
    <main class="dashboard">
      <style>{BADGE_CSS}</style>
      <header class="topbar">
        <img class="logo" src="/icon/48.png" alt="" />
        <h1>{t('dashboardTitle')}</h1>
        <span class="spacer" />
        <button type="button" class="primary" onClick={exportJson}>
          {t('exportJson')}
        </button>
      </header>
      <p class="status" role="status">
        {message}
      </p>
      <section aria-labelledby="annotated-heading">
        <h2 id="annotated-heading">{t('annotatedHeading', all.length)}</h2>
        {annotations === undefined ? (
          <p class="empty">{t('loadingDashboard')}</p>
        ) : all.length === 0 ? (
          <div class="empty-state">
            <p class="empty-title">{t('dashboardEmpty')}</p>
            <p class="hint">{t('dashboardEmptyHint')}</p>
          </div>
        ) : (
          <>
            <DashboardFilters
              filter={view.filter}
              tags={tagsOf(all)}
              shown={shown.length}
              total={all.length}
              onChange={(filter) => setView({ ...view, filter })}
            />
            <MaturityChart data={distribution(shown)} />
            {shown.length === 0 ? (
              <p class="empty">{t('filterNothing')}</p>
            ) : (
              <AnnotationTable rows={shown} sort={view.sort} onSort={(sort) => setView({ ...view, sort })} now={now} />
            )}
          </>
        )}
      </section>
      <ImportExport annotations={shown.length < all.length ? shown : undefined} />
      <section aria-labelledby="settings-heading" class="settings">
        <h2 id="settings-heading">{t('settingsHeading')}</h2>
        <div class="field">
          <label for="display-name">{t('displayName')}</label>
          <input
            id="display-name"
            value={settings.displayName}
            maxLength={100}
            onChange={(e) => save({ ...settings, displayName: (e.target as HTMLInputElement).value })}
          />
        </div>
        <div class="field">
          <label for="unassessed">{t('unassessedSetting')}</label>
          <select
            id="unassessed"
            value={settings.unassessedBadge}
            onChange={(e) =>
              save({ ...settings, unassessedBadge: (e.target as HTMLSelectElement).value as Settings['unassessedBadge'] })
            }
          >
            <option value="faint">{t('unassessedFaint')}</option>
            <option value="hidden">{t('unassessedHidden')}</option>
          </select>
        </div>
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
        <StorageStatus info={storage} count={all.length} />
        <DeleteAllDialog
          count={all.length}
          onExport={exportJson}
          onConfirm={() =>
            deleteAll().then((n) => {
              setMessage(t('deletedAll', n));
            })
          }
        />
      </section>
    </main>
  );
}
