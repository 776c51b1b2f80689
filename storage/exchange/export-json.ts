/**
 * The native JSON export: a versioned envelope (format, version, export time, client version)
 * around every annotation, sorted by thread key so the same data always gives the same bytes.
 */
import { EXPORT_FORMAT, EXPORT_VERSION, ExportEnvelope, type Annotation } from '../schema';

/** Builds the export envelope for a set of annotations. */
export function buildExport(annotations: readonly Annotation[], clientVersion: string, now: Date): ExportEnvelope {
  const sorted = [...annotations].sort((a, b) => (a.threadKey < b.threadKey ? -1 : a.threadKey > b.threadKey ? 1 : 0));
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now.toISOString(), clientVersion, annotations: sorted };
}

/** Serialises an envelope as pretty JSON with a trailing newline. */
export function serializeExport(envelope: ExportEnvelope): string {
  return JSON.stringify(envelope, null, 2) + '\n';
}

/**
 * The same bytes as `serializeExport`, written piece by piece so that 100,000 annotations never
 * form one string: `exportHead` of the envelope without its annotations, `exportItem` of each
 * annotation in order, then `exportTail`. Each annotation is at depth two of the envelope, so its
 * own pretty JSON is indented by four spaces (JSON strings hold no raw line breaks).
 */
export function exportHead(header: Omit<ExportEnvelope, 'annotations'>): string {
  const empty = JSON.stringify({ ...header, annotations: [] }, null, 2);
  return empty.slice(0, -'[]\n}'.length) + '[';
}

/** One annotation of the export (`index`: its place, from 0); see `exportHead`. */
export function exportItem(annotation: Annotation, index: number): string {
  return (index === 0 ? '\n    ' : ',\n    ') + JSON.stringify(annotation, null, 2).replaceAll('\n', '\n    ');
}

/** The end of an export of `count` annotations; see `exportHead`. */
export function exportTail(count: number): string {
  return count === 0 ? ']\n}\n' : '\n  ]\n}\n';
}
