/**
 * Export from extension pages: builds the native JSON envelope from every annotation and hands
 * it to the browser as a file download.
 */
import { browser } from 'wxt/browser';
import { buildExport, exportFileName, serializeExport } from '../storage/export-json';
import { repository } from './ui';

/** Downloads every annotation as `doneness-YYYY-MM-DD.json`; returns how many were exported. */
export async function downloadJsonExport(): Promise<number> {
  const annotations = await repository().list();
  const now = new Date();
  const text = serializeExport(buildExport(annotations, browser.runtime.getManifest().version, now));
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = exportFileName(now);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return annotations.length;
}
