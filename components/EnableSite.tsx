/**
 * The popup's site actions: "Enable Doneness on <origin>" for a page on a host the manifest does
 * not cover (asks for that origin's permission at run time, services/shared/domains.ts), and "Annotate
 * this page", which makes the whole page one discussion through `activeTab`
 * (services/shared/annotate-page.ts). Both must start inside the click: the browser only prompts, and
 * only grants `activeTab`, within a user gesture.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { originOf, type CompanyDomain } from '../services/shared/domains';
import { annotateTab, pageDomains as domains, tabUrl } from '../services/pages/domains';
import { targetTabId } from '../services/pages/ui';
import { isBuiltInHost } from '../sites/hosts';
import { t } from '../lib/i18n';

export interface EnableSiteProps {
  /** Called after the page became a discussion, so the popup can list it. */
  onAnnotated?: () => void;
}

export function EnableSite({ onAnnotated }: EnableSiteProps) {
  const [tabId, setTabId] = useState<number | undefined>();
  const [origin, setOrigin] = useState<string | null>(null);
  const [builtIn, setBuiltIn] = useState(false);
  const [domain, setDomain] = useState<CompanyDomain | null>(null);
  const [message, setMessage] = useState('');
  const enableButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    void (async () => {
      const id = await targetTabId();
      setTabId(id);
      if (id === undefined) return;
      const url = await tabUrl(id);
      const o = originOf(url);
      setOrigin(o);
      if (!o || !url) return;
      setBuiltIn(isBuiltInHost(new URL(url)));
      setDomain((await domains().list()).find((d) => d.origin === o) ?? null);
    })();
  }, []);
  const offerEnable = origin !== null && !builtIn && !domain?.enabled;
  // The one thing to do on a page Doneness does not run on yet: focused, so Enter does it.
  useEffect(() => {
    if (offerEnable) enableButton.current?.focus();
  }, [offerEnable]);
  if (tabId === undefined) return null;

  const enable = () => {
    if (!origin) return;
    // No await before the request: the prompt needs the click's user gesture.
    domains()
      .request(origin, tabId)
      .then(async (granted) => {
        if (!granted) {
          setMessage(t('enablingDenied', origin));
          return;
        }
        setDomain(await domains().enable(origin, tabId));
        setMessage(t('enabledDone', origin));
      })
      .catch((e: Error) => setMessage(e.message));
  };

  const annotate = () => {
    annotateTab(tabId)
      .then(() => {
        setMessage(t('annotatedPage'));
        onAnnotated?.();
      })
      .catch((e: Error) => setMessage(e.message));
  };

  return (
    <div class="enable-site">
      {offerEnable && (
        <button type="button" class="primary" ref={enableButton} onClick={enable}>
          {t('enableOnOrigin', origin)}
        </button>
      )}
      {origin && (builtIn || domain?.enabled) && <p class="hint">{builtIn ? t('builtInSite') : t('enabledOnOrigin', origin)}</p>}
      {origin && (
        <button type="button" onClick={annotate}>
          {t('annotatePage')}
        </button>
      )}
      {message && (
        <p class="status" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
