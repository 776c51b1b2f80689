import { useEffect, useState } from 'preact/hooks';
import { BADGE_CSS, Badge } from '../../components/Badge';
import { t } from '../../components/i18n';
import { useLiveQuery } from '../../components/useLiveQuery';
import { downloadJsonExport } from '../../services/export';
import { repository, saveSettings } from '../../services/ui';
import { requestPersistence } from '../../storage/db';
import { badgeStateOf } from '../../storage/model';
import { DEFAULT_SETTINGS, type Settings } from '../../storage/schema';

// The dashboard: every annotated discussion, export, and settings.
export function App() {
  const annotations = useLiveQuery(() => repository().list(), []);
  const stored = useLiveQuery(() => repository().settings(), []);
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [message, setMessage] = useState('');
  const [persisted, setPersisted] = useState<boolean | null>(null);
  useEffect(() => {
    if (stored) setSettings(stored);
  }, [stored]);
  useEffect(() => {
    // persist() exists only in windows, not in the service worker: ask from the dashboard.
    void requestPersistence().then(setPersisted);
  }, []);
  const now = Date.now();
  const save = (next: Settings) => {
    setSettings(next);
    saveSettings(next)
      .then(() => setMessage(t('saved')))
      .catch((e: Error) => setMessage(e.message));
  };
  return (
    <main class="dashboard">
      <style>{BADGE_CSS}</style>
      <header class="topbar">
        <img class="logo" src="/icon/48.png" alt="" />
        <h1>{t('dashboardTitle')}</h1>
        <span class="spacer" />
        <button
          type="button"
          class="primary"
          onClick={() =>
            downloadJsonExport()
              .then((n) => setMessage(t('exported', n)))
              .catch((e: Error) => setMessage(e.message))
          }
        >
          {t('exportJson')}
        </button>
      </header>
      <p class="status" role="status">
        {message}
      </p>
      <section aria-labelledby="annotated-heading">
        <h2 id="annotated-heading">{t('annotatedHeading', annotations?.length ?? 0)}</h2>
        {annotations && annotations.length === 0 ? (
          <p class="empty">{t('dashboardEmpty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('colDiscussion')}</th>
                <th scope="col">{t('colSite')}</th>
                <th scope="col">{t('colMaturity')}</th>
                <th scope="col">{t('colUpdated')}</th>
              </tr>
            </thead>
            <tbody>
              {annotations?.map((a) => (
                <tr key={a.threadKey} data-key={a.threadKey}>
                  <td>
                    <a href={a.url} target="_blank" rel="noreferrer">
                      {a.title || a.threadKey}
                    </a>
                  </td>
                  <td>{a.site}</td>
                  <td>
                    <Badge state={badgeStateOf(a, now)} showUnassessed={true} />
                  </td>
                  <td>{new Date(a.updatedAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="settings-heading">
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
        <p class="status">{persisted === null ? '' : persisted ? t('storagePersisted') : t('storageNotPersisted')}</p>
      </section>
    </main>
  );
}
