/**
 * The maturity distribution of the discussions shown: one bar per band, then one stacked bar
 * per site. Bars are plain elements with their numbers written out, so the chart reads the same
 * to a screen reader and in high-contrast modes.
 */
import { BAND_COLOURS } from '../storage/model';
import { BAND_KEYS, type BandOrUnrated, type Distribution } from '../lib/dashboard-rows';
import { t, tn } from '../lib/i18n';

export interface MaturityChartProps {
  data: Distribution;
}

const colour = (band: BandOrUnrated) => (band === 'unrated' ? '#80868b' : BAND_COLOURS[band]);
const bandName = (band: BandOrUnrated) => (band === 'unrated' ? t('notRated') : t('band_' + band));

export function MaturityChart({ data }: MaturityChartProps) {
  if (data.total === 0) return null;
  const max = Math.max(1, ...BAND_KEYS.map((b) => data.byBand[b]));
  return (
    <div class="charts">
      <figure class="chart" aria-labelledby="chart-band-caption">
        <figcaption id="chart-band-caption">{tn('chartByBand', data.total)}</figcaption>
        <ul class="bars">
          {BAND_KEYS.map((band) => (
            <li key={band} class="bar-row" data-band={band}>
              <span class="bar-label">{bandName(band)}</span>
              <span class="bar-track">
                <span
                  class="bar"
                  style={{ width: `${(data.byBand[band] / max) * 100}%`, background: colour(band) }}
                />
              </span>
              <span class="bar-value">{data.byBand[band]}</span>
            </li>
          ))}
        </ul>
      </figure>
      <figure class="chart" aria-labelledby="chart-site-caption">
        <figcaption id="chart-site-caption">{t('chartBySite')}</figcaption>
        <ul class="bars">
          {data.bySite.map(({ site, total, byBand }) => (
            <li key={site} class="bar-row" data-site={site}>
              <span class="bar-label">{t('site_' + site)}</span>
              <span class="bar-track stacked" aria-hidden="true">
                {BAND_KEYS.filter((b) => byBand[b] > 0).map((band) => (
                  <span
                    key={band}
                    class="bar"
                    title={`${bandName(band)}: ${byBand[band]}`}
                    style={{ width: `${(byBand[band] / total) * 100}%`, background: colour(band) }}
                  />
                ))}
              </span>
              <span class="bar-value">{total}</span>
              <span class="sr-only">
                {BAND_KEYS.filter((b) => byBand[b] > 0)
                  .map((b) => `${bandName(b)}: ${byBand[b]}`)
                  .join(', ')}
              </span>
            </li>
          ))}
        </ul>
        <ul class="legend" aria-hidden="true">
          {BAND_KEYS.map((band) => (
            <li key={band}>
              <span class="swatch" style={{ background: colour(band) }} />
              {bandName(band)}
            </li>
          ))}
        </ul>
      </figure>
    </div>
  );
}
