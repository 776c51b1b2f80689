/**
 * `doneness convert IN --to csv|csv-issues|md|w3c|json [--out FILE] [--bom]`: turns an export
 * into another format with the extension's own export code, so a file converted here has the
 * same bytes as one exported from the dashboard at the same time.
 */
import { writeFile } from 'node:fs/promises';
import { t } from '../lib/i18n';
import { EXPORT_FORMATS, renderExport, type ExportFormat } from '../storage/exchange/export-formats';
import { reportLabels } from '../storage/exchange/export-markdown';
import { allProblems } from '../storage/exchange/import';
import { EXIT, type Command } from './io';
import { readImportFile } from './read-file';

const USAGE = `usage: doneness convert IN --to FORMAT [--out FILE] [--bom]

Reads IN (a Doneness JSON export or a W3C Web Annotation JSON-LD collection), checks it as an
import would, and writes it as FORMAT to FILE (default: standard output):
  csv         one row per discussion (RFC 4180)
  csv-issues  one row per issue
  md          Markdown report, grouped by site and band
  w3c         W3C Web Annotation collection (JSON-LD)
  json        Doneness JSON export
--bom starts CSV output with a UTF-8 byte order mark (for spreadsheet programs).
The export time and version are kept from IN when it names them.
Exit codes: 0 done, 1 invalid or unreadable input (run "doneness validate IN" for every error), 2 bad usage.
`;

interface ConvertArgs {
  input: string;
  to: ExportFormat;
  out: string | null;
  bom: boolean;
}

/** Parses the options; a string is a usage error. */
function parseArgs(args: string[]): ConvertArgs | { help: true } | string {
  let to: string | undefined;
  let out: string | null = null;
  let bom = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') return { help: true };
    if (a === '--to' || a === '--out') {
      if (i + 1 >= args.length) return `missing value for ${a}`;
      if (a === '--to') to = args[++i];
      else out = args[++i];
    } else if (a.startsWith('--to=')) to = a.slice(5);
    else if (a.startsWith('--out=')) out = a.slice(6);
    else if (a === '--bom') bom = true;
    else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else files.push(a);
  }
  if (files.length !== 1) return files.length ? 'expected one input file' : 'missing input file';
  if (!to) return 'missing --to';
  if (!(EXPORT_FORMATS as readonly string[]).includes(to)) return `unknown format "${to}" (expected ${EXPORT_FORMATS.join(', ')})`;
  return { input: files[0], to: to as ExportFormat, out, bom };
}

/** The `convert` subcommand. */
export const convertCommand: Command = {
  summary: 'convert an export to CSV, Markdown, W3C Web Annotation or JSON',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.stderr(`doneness convert: ${parsed}\n${USAGE}`);
      return EXIT.usage;
    }
    if ('help' in parsed) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    const file = await readImportFile(parsed.input);
    const problems = allProblems(file);
    if (!file.ok || problems.length) {
      const shown = problems.slice(0, 10).map((p) => `  ${p.path}: ${p.reason}\n`).join('');
      const more = problems.length > 10 ? `  … and ${problems.length - 10} more (doneness validate ${parsed.input})\n` : '';
      io.stderr(`doneness convert: ${parsed.input} is not a valid export; nothing was written:\n${shown}${more}`);
      return EXIT.input;
    }
    const stamped = file.exportedAt ? new Date(file.exportedAt) : null;
    const now = stamped && !Number.isNaN(stamped.getTime()) ? stamped : new Date();
    const result = renderExport(parsed.to, file.annotations, {
      now,
      clientVersion: file.clientVersion ?? process.env.npm_package_version ?? 'cli',
      labels: reportLabels(t),
      bom: parsed.bom,
    });
    if (parsed.out === null) io.stdout(result.text);
    else {
      await writeFile(parsed.out, result.text);
      io.stderr(`wrote ${result.count} discussions to ${parsed.out}\n`);
    }
    return EXIT.ok;
  },
};
