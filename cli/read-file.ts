/**
 * Reads an export file for `convert` and `validate`, refusing files over the import size limit
 * before reading them, so both commands judge a file exactly as the dashboard's import does.
 */
import { readFile, stat } from 'node:fs/promises';
import { IMPORT_LIMITS, parseImportBytes, type ParsedImport } from '../storage/exchange/import';

/** Reads and checks an import file; unreadable files become a file-level problem. */
export async function readImportFile(file: string): Promise<ParsedImport> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) return { ok: false, problems: [{ path: '(file)', reason: `${file} is a directory` }] };
    if (info.size > IMPORT_LIMITS.bytes) {
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      return { ok: false, problems: [{ path: '(file)', reason: `the file is ${mb(info.size)}; the limit is ${mb(IMPORT_LIMITS.bytes)}` }] };
    }
    return parseImportBytes(new Uint8Array(await readFile(file)));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, problems: [{ path: '(file)', reason: `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(e))}` }] };
  }
}
