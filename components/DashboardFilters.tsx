/**
 * The dashboard's filter bar: site, band, open issues, due, tag and free text. Every control is
 * a labelled native control; changes apply at once and the count of shown rows is announced.
 */
import { SITE_IDS } from '../storage/schema';
import { BAND_KEYS, NO_FILTER, type DashboardFilter } from '../lib/dashboard-rows';
import { t, tn } from '../lib/i18n';

export interface DashboardFiltersProps {
  filter: DashboardFilter;
  /** Tags in use, for the tag filter. */
  tags: string[];
  shown: number;
  total: number;
  onChange: (filter: DashboardFilter) => void;
}

export function DashboardFilters({ filter, tags, shown, total, onChange }: DashboardFiltersProps) {
  const set = <K extends keyof DashboardFilter>(key: K, value: DashboardFilter[K]) => onChange({ ...filter, [key]: value });
  const value = (e: Event) => (e.target as HTMLSelectElement | HTMLInputElement).value;
  const active = JSON.stringify(filter) !== JSON.stringify(NO_FILTER);
  return (
    <form class="filters" role="search" aria-label={t('filtersLabel')} onSubmit={(e) => e.preventDefault()}>
      <div class="filter">
        <label for="filter-text">{t('filterText')}</label>
        <input
          id="filter-text"
          type="search"
          value={filter.text}
          maxLength={200}
          placeholder={t('filterTextPlaceholder')}
          onInput={(e) => set('text', value(e))}
        />
      </div>
      <div class="filter">
        <label for="filter-site">{t('colSite')}</label>
        <select id="filter-site" value={filter.site} onChange={(e) => set('site', value(e) as DashboardFilter['site'])}>
          <option value="">{t('filterAny')}</option>
          {SITE_IDS.map((site) => (
            <option key={site} value={site}>
              {t('site_' + site)}
            </option>
          ))}
        </select>
      </div>
      <div class="filter">
        <label for="filter-band">{t('filterBand')}</label>
        <select id="filter-band" value={filter.band} onChange={(e) => set('band', value(e) as DashboardFilter['band'])}>
          <option value="">{t('filterAny')}</option>
          {BAND_KEYS.map((band) => (
            <option key={band} value={band}>
              {band === 'unrated' ? t('notRated') : t('band_' + band)}
            </option>
          ))}
        </select>
      </div>
      <div class="filter">
        <label for="filter-issues">{t('filterOpenIssues')}</label>
        <select
          id="filter-issues"
          value={filter.openIssues}
          onChange={(e) => set('openIssues', value(e) as DashboardFilter['openIssues'])}
        >
          <option value="">{t('filterAny')}</option>
          <option value="with">{t('filterWithOpen')}</option>
          <option value="without">{t('filterWithoutOpen')}</option>
        </select>
      </div>
      <div class="filter">
        <label for="filter-due">{t('filterDue')}</label>
        <select id="filter-due" value={filter.due} onChange={(e) => set('due', value(e) as DashboardFilter['due'])}>
          <option value="">{t('filterAny')}</option>
          <option value="due">{t('filterDueYes')}</option>
          <option value="notDue">{t('filterDueNo')}</option>
        </select>
      </div>
      <div class="filter">
        <label for="filter-tag">{t('filterTag')}</label>
        <select id="filter-tag" value={filter.tag} onChange={(e) => set('tag', value(e))}>
          <option value="">{t('filterAny')}</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      </div>
      <div class="filter filter-end">
        <button type="button" disabled={!active} onClick={() => onChange(NO_FILTER)}>
          {t('filterReset')}
        </button>
      </div>
      <p class="filter-count" role="status" aria-live="polite">
        {tn('filterShown', total, shown, total)}
      </p>
    </form>
  );
}
