/**
 * `doneness anchor describe|find`: the picker's anchoring on saved pages, through the same modules
 * as the content script (sites/anchoring/), so a person can check why a picked discussion is found
 * or not on a page they saved.
 */
import { readFile } from 'node:fs/promises';
import { describe, find } from '../sites/anchoring/anchor';
import { cssPath, queryCss } from '../sites/anchoring/css-path';
import { parseSelectors } from '../sites/anchoring/selectors';
import { blockText } from '../sites/anchoring/text';
import { readHtml } from './detect';
import { withDocument } from './dom';
import { EXIT, type Command } from './io';

const USAGE = `usage: doneness anchor describe --url URL --css "CSS" FILE.html
       doneness anchor find --url URL SELECTORS.json FILE.html

describe  prints the W3C selectors (TextQuoteSelector, TextPositionSelector,
          CssSelector) of the element CSS names in the page at URL.
find      finds the block SELECTORS.json names (a list of selectors, a target
          {"selector": [...]} or an annotation {"target": {...}}) and prints
          {"found": true, "text": "<first 80 characters>", "css": "<path>"}
          or {"found": false}.
Exit codes: 0 done (also when not found), 1 unreadable or invalid input, 2 bad usage.
`;

interface Args {
  mode: 'describe' | 'find';
  url: URL;
  css?: string;
  files: string[];
}

/** Parses the arguments; a string is a usage error, null asks for help. */
function parseArgs(args: string[]): Args | string | null {
  const [mode, ...rest] = args;
  if (!mode || mode === '--help' || mode === '-h') return null;
  if (mode !== 'describe' && mode !== 'find') return `unknown mode "${mode}" (describe or find)`;
  let url: string | undefined;
  let css: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--help' || a === '-h') return null;
    const value = (name: string): string | undefined => (a === name ? rest[++i] : a.startsWith(name + '=') ? a.slice(name.length + 1) : undefined);
    if (a === '--url' || a.startsWith('--url=')) {
      url = value('--url');
      if (url === undefined) return 'missing value for --url';
    } else if (a === '--css' || a.startsWith('--css=')) {
      css = value('--css');
      if (css === undefined) return 'missing value for --css';
    } else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else files.push(a);
  }
  if (!url) return 'missing --url';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not a URL: ${url}`;
  }
  if (mode === 'describe') {
    if (!css || css.trim() === '') return 'describe needs --css "CSS"';
    if (files.length !== 1) return files.length ? 'expected one FILE' : 'missing FILE';
  } else {
    if (css !== undefined) return '--css is for describe';
    if (files.length !== 2) return 'find needs SELECTORS.json and FILE';
  }
  return { mode, url: parsed, css, files };
}

/** Reads and checks a selectors file: a one-line reason when it is not usable. */
async function readSelectors(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false as const, error: `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(e))}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false as const, error: `${file} is not JSON: ${(e as Error).message}` };
  }
  const parsed = parseSelectors(json);
  return parsed.ok ? parsed : { ok: false as const, error: `${file}: ${parsed.error}` };
}

/** The `anchor` subcommand. */
export const anchorCommand: Command = {
  summary: 'describe a block of a saved page as W3C selectors, or find one again',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args);
    if (parsed === null) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    if (typeof parsed === 'string') {
      io.stderr(`doneness anchor: ${parsed}\n${USAGE}`);
      return EXIT.usage;
    }
    const selectors = parsed.mode === 'find' ? await readSelectors(parsed.files[0]) : null;
    if (selectors && !selectors.ok) {
      io.stderr(`doneness anchor: ${selectors.error}\n`);
      return EXIT.input;
    }
    const input = await readHtml(parsed.files[parsed.files.length - 1]);
    if (!input.ok) {
      io.stderr(`doneness anchor: ${input.error}\n`);
      return EXIT.input;
    }
    const result = await withDocument(input.html, parsed.url, (doc) => {
      if (parsed.mode === 'describe') {
        const [el, second] = queryCss(doc, parsed.css!, 2);
        if (!el) {
          const valid = (() => {
            try {
              doc.querySelector(parsed.css!);
              return true;
            } catch {
              return false;
            }
          })();
          return { error: valid ? `no element matches ${parsed.css}` : `not a CSS selector: ${parsed.css}` };
        }
        if (second) return { error: `${parsed.css} names more than one element; make it name one` };
        const sel = describe(el, doc);
        return sel ? { value: sel } : { error: `${parsed.css} names an element without text to quote` };
      }
      const found = find(selectors!.ok ? selectors!.value : [], doc);
      return {
        value: found ? { found: true, text: blockText(found.element, 80), css: cssPath(found.element, doc) } : { found: false },
      };
    });
    if ('error' in result) {
      io.stderr(`doneness anchor: ${result.error}\n`);
      return EXIT.input;
    }
    io.stdout(JSON.stringify(result.value, null, 2) + '\n');
    return EXIT.ok;
  },
};
