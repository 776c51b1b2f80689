/**
 * `doneness detect --url URL FILE.html`: runs the extension's own thread detection on a saved page
 * and prints what the badges would see, so adapters can be checked against real pages.
 */
import { readFile } from 'node:fs/promises';
import { detectThreads } from '../sites/index';
import { withDocument } from './dom';
import { EXIT, type Command } from './io';

/** One thread as `detect` prints it: the FoundThread without its DOM element. */
export interface DetectedThread {
  key: string;
  title: string;
  url: string;
  /** Which of the thread's own evidence gave its key (sites/types.ts `EVIDENCE`). */
  evidence: string;
  native: {
    state: string | null;
    replies: number | null;
    participants: number | null;
    lastActivity: string | null;
    /** Printed only when the site says them (issue trackers and code review). */
    status?: string;
    labels?: string[];
    review?: string;
    threads?: { resolved: number; total: number };
  };
}

/** The JSON `detect` prints. */
export interface DetectOutput {
  site: string | null;
  /** Thread-like containers that had no evidence of their own, so no key and no badge. */
  unrecognised: number;
  threads: DetectedThread[];
}

const USAGE = `usage: doneness detect --url URL FILE.html

Finds the discussions in a saved page as the extension would at URL, and prints
{"site": …, "unrecognised": N, "threads": [{"key", "title", "url", "evidence", "native"}]}
as JSON; "unrecognised" counts posts Doneness saw but could not tell which discussion they are.
Exit codes: 0 done (also for pages with no discussions), 1 unreadable file, 2 bad usage.
`;

/** Read the page as UTF-8 text, refusing binary and mis-encoded files with a one-line reason. */
export async function readHtml(file: string): Promise<{ ok: true; html: string } | { ok: false; error: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? String(e);
    return { ok: false, error: `cannot read ${file}: ${why}` };
  }
  if (bytes.includes(0)) return { ok: false, error: `${file} is a binary file, not HTML` };
  try {
    return { ok: true, html: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, error: `${file} is not UTF-8 text` };
  }
}

/** Detect threads in HTML text at a URL: the pure core of the command (also used by tests). */
export async function detectHtml(html: string, url: URL): Promise<DetectOutput> {
  if (html.trim() === '') return { site: null, unrecognised: 0, threads: [] };
  return withDocument(html, url, (doc) => {
    const found = detectThreads(url, doc);
    return {
      site: found.site,
      unrecognised: found.unrecognised,
      threads: found.threads.map((t) => ({
        key: t.key,
        title: t.title,
        url: t.url,
        evidence: t.evidence,
        native: {
          state: t.native.state,
          replies: t.native.replies,
          participants: t.native.participants,
          lastActivity: t.native.lastActivity,
          ...(t.native.status !== undefined && { status: t.native.status }),
          ...(t.native.labels !== undefined && { labels: t.native.labels }),
          ...(t.native.review !== undefined && { review: t.native.review }),
          ...(t.native.threads !== undefined && { threads: t.native.threads }),
        },
      })),
    };
  });
}

/** Parse `--url URL FILE` (also `--url=URL`); a string is a usage error. */
function parseArgs(args: string[]): { url: URL; file: string; help?: false } | { help: true } | string {
  let url: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') return { help: true };
    if (a === '--url') {
      if (i + 1 >= args.length) return 'missing value for --url';
      url = args[++i];
    } else if (a.startsWith('--url=')) url = a.slice('--url='.length);
    else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else files.push(a);
  }
  if (!url) return 'missing --url';
  if (files.length !== 1) return files.length ? 'expected one FILE' : 'missing FILE';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not a URL: ${url}`;
  }
  return { url: parsed, file: files[0] };
}

/** The `detect` subcommand. */
export const detectCommand: Command = {
  summary: 'list the discussions found in a saved HTML page',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.stderr(`doneness detect: ${parsed}\n${USAGE}`);
      return EXIT.usage;
    }
    if (parsed.help) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    const input = await readHtml(parsed.file);
    if (!input.ok) {
      io.stderr(`doneness detect: ${input.error}\n`);
      return EXIT.input;
    }
    const result = await detectHtml(input.html, parsed.url);
    io.stdout(JSON.stringify(result, null, 2) + '\n');
    return EXIT.ok;
  },
};
