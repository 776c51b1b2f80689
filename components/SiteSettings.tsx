/**
 * The dashboard's "Sites and company domains": an on/off switch for every site Doneness knows
 * (stored in settings; the content script shows nothing on a switched-off site), and the company
 * domains enabled from the popup, each with a switch (keeps the permission) and "Revoke" (gives
 * the permission back and forgets the domain).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CompanyDomain } from '../services/shared/domains';
import { pageDomains as domains, watchDomains } from '../services/pages/domains';
import { repository, saveSettings } from '../services/pages/ui';
import { SITE_IDS, type SiteId } from '../storage/schema';
import { t } from '../lib/i18n';
import { useLiveQuery } from './useLiveQuery';
import { useSwitches } from './useSwitches';

export function SiteSettings() {
  const settings = useLiveQuery(() => repository().settings(), []);
  const [list, setList] = useState<CompanyDomain[] | null>(null);
  const [message, setMessage] = useState('');
  const loads = useRef(0);
  useEffect(() => {
    // Only the latest read is shown: an earlier one that answers late holds an older list.
    const load = () => {
      const n = ++loads.current;
      void domains()
        .list()
        .then((l) => n === loads.current && setList(l));
    };
    load();
    return watchDomains(load);
  }, []);
  const fail = (e: Error) => setMessage(e.message);
  const disabled = new Set<SiteId>(settings?.disabledSites ?? []);
  const sites = useSwitches<SiteId>((site) => !disabled.has(site));
  const domainSwitches = useSwitches<string>((origin) => list?.find((d) => d.origin === origin)?.enabled);
  const toggleSite = (site: SiteId, on: boolean) => {
    if (!settings) return;
    // Built on what the switches show, so a second switch flipped before the first is stored
    // keeps the first.
    const next = SITE_IDS.filter((s) => (s === site ? !on : !sites.shown(s)));
    sites.set(site, on, () => saveSettings({ ...settings, disabledSites: next })).then(() => setMessage(t('saved')), fail);
  };
  const toggleDomain = (origin: string, on: boolean) => void domainSwitches.set(origin, on, () => domains().setEnabled(origin, on)).catch(fail);
  return (
    <div class="site-settings">
      <fieldset>
        <legend>{t('siteSwitchesLegend')}</legend>
        {SITE_IDS.map((site) => (
          <label key={site} class="switch">
            <input
              type="checkbox"
              checked={sites.shown(site)}
              disabled={!settings}
              onChange={(e) => toggleSite(site, (e.target as HTMLInputElement).checked)}
            />{' '}
            {t('site_' + site)}
          </label>
        ))}
      </fieldset>
      <h3>{t('companyDomainsHeading')}</h3>
      {list && list.length === 0 && <p class="hint">{t('companyDomainsEmpty')}</p>}
      {list && list.length > 0 && (
        <ul class="domain-list">
          {list.map((d) => (
            <li key={d.origin} data-origin={d.origin}>
              <label class="switch">
                <input
                  type="checkbox"
                  checked={domainSwitches.shown(d.origin)}
                  aria-label={t('domainToggleLabel', d.origin)}
                  onChange={(e) => toggleDomain(d.origin, (e.target as HTMLInputElement).checked)}
                />{' '}
                <span class="origin">{d.origin}</span>
              </label>{' '}
              <span class="hint">{d.kind ? t('domainKind', t('site_' + d.kind)) : t('domainKindUnknown')}</span>{' '}
              <button type="button" aria-label={t('domainRevokeLabel', d.origin)} onClick={() => void domains().remove(d.origin).catch(fail)}>
                {t('domainRevoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p class="status" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
