/**
 * The dashboard's export and import section: export in every format (all annotations or the
 * filtered rows), and import of Doneness JSON or W3C JSON-LD through a preview of what would be
 * new, updated, unchanged or rejected, confirmed before anything is written. File contents are
 * shown only as text, never as HTML.
 */
import { useRef, useState } from 'preact/hooks';
import { confirmImport, discardImport, downloadExport, previewImport } from '../services/pages/export';
import type { ExportFormat } from '../storage/exchange/export-formats';
import type { PreviewSummary } from '../storage/exchange/import-jobs';
import { t, tn } from '../lib/i18n';

const FORMATS: Array<{ value: ExportFormat; label: string }> = [
  { value: 'json', label: 'ioFormat_json' },
  { value: 'csv', label: 'ioFormat_csv' },
  { value: 'csv-issues', label: 'ioFormat_csvIssues' },
  { value: 'md', label: 'ioFormat_md' },
  { value: 'w3c', label: 'ioFormat_w3c' },
];

/** Props: the dashboard's filtered rows, when a filter is active (export offers "only these"). */
export interface ImportExportProps {
  /** How many rows the filter shows, and their thread keys when asked. */
  filtered?: { count: number; keys: () => Promise<string[]> };
}

/** Export and import, with a preview before an import writes anything. */
export function ImportExport({ filtered }: ImportExportProps) {
  const [format, setFormat] = useState<ExportFormat>('json');
  const [bom, setBom] = useState(false);
  // Off by default: an export is often a backup, and a forgotten filter must not make it partial.
  const [onlyFiltered, setOnlyFiltered] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [preview, setPreview] = useState<PreviewSummary | null>(null);
  const [fileName, setFileName] = useState('');
  const [skipRejected, setSkipRejected] = useState(false);
  const statusLine = useRef<HTMLParagraphElement>(null);
  const isCsv = format === 'csv' || format === 'csv-issues';

  const work = async (job: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await job();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const runExport = () =>
    work(async () => {
      setStatus(t('ioWorking'));
      const keys = filtered && onlyFiltered ? await filtered.keys() : undefined;
      const count = await downloadExport({ format, bom: isCsv && bom, keys });
      setStatus(tn('ioExported', count));
    });

  const chooseFile = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setPreview(null);
    setSkipRejected(false);
    setFileName(file.name);
    void work(async () => {
      setStatus(t('ioReading', file.name));
      setPreview(await previewImport(file));
      setStatus('');
    });
  };

  const cancel = () => {
    setPreview(null);
    setStatus('');
    void discardImport().catch(() => undefined);
  };

  const confirm = () =>
    work(async () => {
      setStatus(t('ioWorking'));
      const result = await confirmImport(skipRejected);
      setPreview(null);
      setStatus(t('ioImported', result.added, result.updated, result.unchanged, result.skipped));
      // The preview (and the button that had focus) is gone and the page got shorter: take the
      // person to the confirmation rather than leave them looking at whatever slid up.
      setTimeout(() => {
        statusLine.current?.scrollIntoView({ block: 'center' });
        statusLine.current?.focus({ preventScroll: true });
      }, 0);
    });

  const ready = preview?.ok ? preview : null;
  const importable = ready ? ready.counts.new + ready.counts.updated + ready.counts.unchanged : 0;
  const canConfirm = !!ready && importable > 0 && (ready.counts.rejected === 0 || skipRejected) && !busy;

  return (
    <section aria-labelledby="io-heading" class="import-export">
      <h2 id="io-heading">{t('ioHeading')}</h2>
      <div class="io-row">
        <div class="field">
          <label for="io-format">{t('ioFormat')}</label>
          <select id="io-format" value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as ExportFormat)}>
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {t(f.label)}
              </option>
            ))}
          </select>
        </div>
        {isCsv && (
          <label class="io-check">
            <input type="checkbox" checked={bom} onChange={(e) => setBom((e.target as HTMLInputElement).checked)} />
            {t('ioBom')}
          </label>
        )}
        {filtered && (
          <label class="io-check">
            <input type="checkbox" checked={onlyFiltered} onChange={(e) => setOnlyFiltered((e.target as HTMLInputElement).checked)} />
            {tn('ioOnlyFiltered', filtered.count)}
          </label>
        )}
        <button type="button" onClick={runExport} disabled={busy}>
          {t('ioExport')}
        </button>
      </div>
      <div class="field">
        <label for="io-file">{t('ioImportFile')}</label>
        <input
          id="io-file"
          type="file"
          accept=".json,.jsonld,application/json,application/ld+json"
          disabled={busy}
          onChange={(e) => chooseFile(e.target as HTMLInputElement)}
        />
      </div>
      <p class="status" role="status" ref={statusLine} tabIndex={-1}>
        {status}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {preview && !preview.ok && (
        <div role="alert" class="io-refused">
          <p class="error">{t('ioRefused', fileName)}</p>
          <ul>
            {preview.problems.map((p, i) => (
              <li key={i}>
                <code>{p.path}</code>: {p.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {ready && (
        <div class="io-preview" aria-labelledby="io-preview-heading">
          <h3 id="io-preview-heading">{tn('ioPreviewHeading', ready.total, fileName, ready.total)}</h3>
          <p class="io-counts">
            <span>{t('ioCount_new', ready.counts.new)}</span> · <span>{t('ioCount_updated', ready.counts.updated)}</span> ·{' '}
            <span>{t('ioCount_unchanged', ready.counts.unchanged)}</span> · <span>{t('ioCount_rejected', ready.counts.rejected)}</span>
          </p>
          {ready.entries.length > 0 && (
            <table class="io-entries">
              <caption class="sr-only">{t('ioEntriesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('ioColChange')}</th>
                  <th scope="col">{t('colDiscussion')}</th>
                  <th scope="col">{t('colMaturity')}</th>
                </tr>
              </thead>
              <tbody>
                {ready.entries.map((e) => (
                  <tr key={e.threadKey} data-kind={e.kind}>
                    <td>{t('ioKind_' + e.kind) + (e.deleted ? ` (${t('ioStaysDeleted')})` : '')}</td>
                    <td>{e.title || e.threadKey}</td>
                    <td>{e.maturity === null ? t('notRated') : `${e.maturity} %`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {ready.entries.length < importable && <p class="status">{t('ioMoreRows', importable - ready.entries.length)}</p>}
          {ready.rejected.length > 0 && (
            <table class="io-rejected">
              <caption>{t('ioRejectedCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('ioColRecord')}</th>
                  <th scope="col">{t('ioColPath')}</th>
                  <th scope="col">{t('ioColReason')}</th>
                </tr>
              </thead>
              <tbody>
                {ready.rejected.flatMap((r) =>
                  r.problems.map((p, i) => (
                    <tr key={`${r.index}:${i}`}>
                      <td>{`#${r.index + 1}${r.threadKey ? ` ${r.threadKey}` : ''}`}</td>
                      <td>
                        <code>{p.path}</code>
                      </td>
                      <td>{p.reason}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          )}
          {ready.rejected.length < ready.counts.rejected && (
            <p class="status">{t('ioMoreRows', ready.counts.rejected - ready.rejected.length)}</p>
          )}
          {ready.counts.rejected > 0 && importable > 0 && (
            <label class="io-check">
              <input type="checkbox" checked={skipRejected} onChange={(e) => setSkipRejected((e.target as HTMLInputElement).checked)} />
              {tn('ioSkipRejected', ready.counts.rejected)}
            </label>
          )}
          <div class="io-row">
            <button type="button" class="primary" disabled={!canConfirm} onClick={confirm}>
              {tn('ioConfirm', importable)}
            </button>
            <button type="button" onClick={cancel} disabled={busy}>
              {t('ioCancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
