import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n';
import { DEFAULT_SETTINGS, type Settings } from '../storage/schema';

/**
 * The dashboard's own settings (display name, unassessed badges, the toolbar count). Nothing typed is lost to a page
 * still loading its settings: what the person types is kept as their change, shown over whatever
 * loads, and saved (on top of the loaded settings, so nothing else is reset) once they have loaded.
 */
export function SettingsForm(props: { stored: Settings | undefined; save: (next: Settings) => Promise<unknown> }) {
  const { stored, save } = props;
  /** The person's changes not yet seen in the stored settings. */
  const edits = useRef<Partial<Settings>>({});
  const waiting = useRef(false);
  const [shown, setShown] = useState<Settings>(stored ?? DEFAULT_SETTINGS);

  const commit = (base: Settings) => {
    waiting.current = false;
    void save({ ...base, ...edits.current });
  };

  useEffect(() => {
    if (!stored) return;
    // Changes the stored settings now hold are no longer the person's pending ones.
    for (const key of Object.keys(edits.current) as Array<keyof Settings>) {
      if (stored[key] === edits.current[key]) delete edits.current[key];
    }
    setShown({ ...stored, ...edits.current });
    if (waiting.current) commit(stored);
  }, [stored]);

  const change = (patch: Partial<Settings>, now: boolean) => {
    edits.current = { ...edits.current, ...patch };
    setShown((s) => ({ ...s, ...patch }));
    if (!now) return;
    if (stored) commit(stored);
    else waiting.current = true;
  };

  return (
    <>
      <div class="field">
        <label for="display-name">{t('displayName')}</label>
        <input
          id="display-name"
          value={shown.displayName}
          maxLength={100}
          onInput={(e) => change({ displayName: (e.target as HTMLInputElement).value }, false)}
          onChange={(e) => change({ displayName: (e.target as HTMLInputElement).value }, true)}
        />
      </div>
      <div class="field">
        <label for="unassessed">{t('unassessedSetting')}</label>
        <select
          id="unassessed"
          value={shown.unassessedBadge}
          onChange={(e) => change({ unassessedBadge: (e.target as HTMLSelectElement).value as Settings['unassessedBadge'] }, true)}
        >
          <option value="faint">{t('unassessedFaint')}</option>
          <option value="hidden">{t('unassessedHidden')}</option>
        </select>
      </div>
      <div class="field">
        <label for="toolbar-count">{t('toolbarCountSetting')}</label>
        <select
          id="toolbar-count"
          value={shown.toolbarCount ?? 'attention'}
          onChange={(e) => change({ toolbarCount: (e.target as HTMLSelectElement).value as NonNullable<Settings['toolbarCount']> }, true)}
        >
          {(['attention', 'openIssues', 'off'] as const).map((mode) => (
            <option key={mode} value={mode}>
              {t('toolbarCount_' + mode)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
