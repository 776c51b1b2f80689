/**
 * The dashboard's team-sync section: server address, database, sign-in (none, Basic or JWT),
 * "test connection" with a plain verdict, enable/disable, "sync now", and the status (last
 * sync, changes waiting, last problem). The server's host permission is asked for from the
 * click itself, before anything else, because browsers only allow it inside the user gesture.
 * While the dashboard is open it long-polls the team database so teammates' changes arrive live.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  loadSyncConfig,
  pendingChanges,
  requestServerPermission,
  saveSyncConfig,
  syncNow,
  testConnection,
  watchSyncStatus,
} from '../services/pages/sync-ui';
import { describeError } from '../storage/describe-error';
import { INITIAL_SYNC_STATUS, SyncConfig, type ConnectionVerdict, type SyncAuth, type SyncStatus } from '../storage/schema';
import { formatTime, t } from '../lib/i18n';
import { useLiveQuery } from './useLiveQuery';

interface Form {
  url: string;
  db: string;
  kind: SyncAuth['kind'];
  user: string;
  password: string;
  token: string;
  enabled: boolean;
}

// Not ticked while there is no server: it follows the address until the person ticks or unticks it.
const EMPTY: Form = { url: '', db: '', kind: 'basic', user: '', password: '', token: '', enabled: false };

function formOf(config: SyncConfig | null): Form {
  if (!config) return EMPTY;
  const auth = config.auth;
  return {
    url: config.url,
    db: config.db,
    kind: auth.kind,
    user: auth.kind === 'basic' ? auth.user : '',
    password: auth.kind === 'basic' ? auth.password : '',
    token: auth.kind === 'jwt' ? auth.token : '',
    enabled: config.enabled,
  };
}

function configOf(form: Form): ReturnType<typeof SyncConfig.safeParse> {
  const auth: SyncAuth =
    form.kind === 'basic'
      ? { kind: 'basic', user: form.user.trim(), password: form.password }
      : form.kind === 'jwt'
        ? { kind: 'jwt', token: form.token.trim() }
        : { kind: 'none' };
  return SyncConfig.safeParse({ url: form.url.trim(), db: form.db.trim(), auth, enabled: form.enabled });
}

export function SyncSettings() {
  const [form, setForm] = useState<Form>(EMPTY);
  const [loaded, setLoaded] = useState(false);
  const [configured, setConfigured] = useState(false);
  const [enabledTouched, setEnabledTouched] = useState(false);
  const [status, setStatus] = useState<SyncStatus>(INITIAL_SYNC_STATUS);
  const [message, setMessage] = useState('');
  const [verdict, setVerdict] = useState<ConnectionVerdict | null>(null);
  const [busy, setBusy] = useState(false);
  const counts = useLiveQuery(() => pendingChanges(), []);

  useEffect(() => {
    void loadSyncConfig().then((config) => {
      setForm(formOf(config));
      setConfigured(config !== null);
      setEnabledTouched(config !== null);
      setLoaded(true);
    });
    return watchSyncStatus(setStatus);
  }, []);

  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const input = (name: keyof Form) => (e: Event) => set({ [name]: (e.target as HTMLInputElement).value } as Partial<Form>);

  /** Validates the form, asks for the origin's permission (inside the click), then runs `then`. */
  const withConfig = (then: (config: SyncConfig, granted: boolean) => Promise<void>) => {
    const parsed = configOf(form);
    if (!parsed.success) {
      setMessage(t('syncInvalid', describeError(parsed.error)));
      return;
    }
    const permission = requestServerPermission(parsed.data.url);
    setBusy(true);
    setMessage('');
    void permission
      .then((granted) => then(parsed.data, granted))
      .catch((e: Error) => setMessage(t('saveFailed', e.message)))
      .finally(() => setBusy(false));
  };

  const onTest = () =>
    withConfig(async (config) => {
      setVerdict(null);
      setMessage(t('syncTesting'));
      setVerdict(await testConnection(config));
      setMessage('');
    });

  const onSave = (e: Event) => {
    e.preventDefault();
    withConfig(async (config) => {
      await saveSyncConfig(config);
      setConfigured(true);
      setMessage(t('syncSaved'));
    });
  };

  const onSyncNow = () => {
    setBusy(true);
    syncNow()
      .catch((e: Error) => setMessage(t('saveFailed', e.message)))
      .finally(() => setBusy(false));
  };

  const error = status.lastError;
  return (
    <form class="sync-settings" onSubmit={onSave} aria-describedby="sync-intro" data-loaded={String(loaded)}>
      <p id="sync-intro" class="hint">
        {t('syncIntro')}
      </p>
      <div class="field">
        <label for="sync-url">{t('syncServerUrl')}</label>
        <input
          id="sync-url"
          type="url"
          value={form.url}
          placeholder="https://couch.example.com"
          onInput={(e) => {
            const url = (e.target as HTMLInputElement).value;
            set(enabledTouched ? { url } : { url, enabled: url.trim() !== '' });
          }}
          autoComplete="url"
        />
      </div>
      <div class="field">
        <label for="sync-db">{t('syncDatabase')}</label>
        <input id="sync-db" value={form.db} placeholder="doneness-team" onInput={input('db')} autoComplete="off" spellcheck={false} />
      </div>
      <div class="field">
        <label for="sync-auth">{t('syncAuth')}</label>
        <select id="sync-auth" value={form.kind} onChange={(e) => set({ kind: (e.target as HTMLSelectElement).value as Form['kind'] })}>
          <option value="basic">{t('syncAuthBasic')}</option>
          <option value="jwt">{t('syncAuthJwt')}</option>
          <option value="none">{t('syncAuthNone')}</option>
        </select>
      </div>
      {form.kind === 'basic' && (
        <>
          <div class="field">
            <label for="sync-user">{t('syncUser')}</label>
            <input id="sync-user" value={form.user} onInput={input('user')} autoComplete="username" />
          </div>
          <div class="field">
            <label for="sync-password">{t('syncPassword')}</label>
            <input id="sync-password" type="password" value={form.password} onInput={input('password')} autoComplete="current-password" />
          </div>
        </>
      )}
      {form.kind === 'jwt' && (
        <div class="field">
          <label for="sync-token">{t('syncToken')}</label>
          <input id="sync-token" type="password" value={form.token} onInput={input('token')} autoComplete="off" />
        </div>
      )}
      <div class="field">
        <label>
          <input
            type="checkbox"
            checked={form.enabled}
            onChange={(e) => {
              setEnabledTouched(true);
              set({ enabled: (e.target as HTMLInputElement).checked });
            }}
          />{' '}
          {t('syncEnabled')}
        </label>
      </div>
      <div class="actions sync-actions">
        <button type="button" onClick={onTest} disabled={busy}>
          {t('syncTest')}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {t('syncSave')}
        </button>
        <button type="button" onClick={onSyncNow} disabled={busy || !form.enabled || !configured}>
          {t('syncNow')}
        </button>
      </div>
      <p class="status" role="status" aria-live="polite">
        {message}
      </p>
      {verdict && (
        <p class={verdict.verdict === 'ok' ? 'ok' : 'warning'} role="alert" data-verdict={verdict.verdict}>
          {t(`syncVerdict_${verdict.verdict}`)}
          {verdict.user ? ` ${t('syncVerdictUser', verdict.user)}` : ''}
          {verdict.detail && verdict.verdict !== 'ok' ? <span class="hint"> ({verdict.detail})</span> : null}
        </p>
      )}
      <div class="sync-status" aria-label={t('syncHeading')} data-running={String(status.running)}>
        {!form.enabled && loaded ? <p>{t('syncStatusOff')}</p> : null}
        <p data-testid="sync-last">{status.running ? t('syncRunning') : status.lastSync ? t('syncLastSync', formatTime(status.lastSync)) : t('syncNever')}</p>
        {/* Nothing is waiting to be sent while there is nowhere to send it. */}
        {configured && <p data-testid="sync-pending">{t('syncPending', counts?.pending ?? 0)}</p>}
        {counts?.blocked ? <p class="warning">{t('syncBlocked', counts.blocked)}</p> : null}
        {error && (
          <p class="warning" data-error-kind={error.kind}>
            {t('syncLastError', t(`syncError_${error.kind}`))} <span class="hint">({error.message})</span>
          </p>
        )}
        {status.halted && <p class="warning">{error?.kind === 'unauthorized' ? t('syncSignInAgain') : t('syncHalted')}</p>}
        {status.retryAt && !status.halted ? <p class="hint">{t('syncRetryAt', formatTime(status.retryAt))}</p> : null}
      </div>
    </form>
  );
}
