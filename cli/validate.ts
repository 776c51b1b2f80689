/**
 * `doneness validate FILE`: checks a Doneness JSON export or a W3C Web Annotation collection
 * exactly as the dashboard's import does, and lists every error with its path and reason.
 */
import { allProblems } from '../storage/exchange/import';
import { EXIT, type Command } from './io';
import { readImportFile } from './read-file';

const USAGE = `usage: doneness validate FILE

Checks FILE (a Doneness JSON export or a W3C Web Annotation JSON-LD collection) as an import
would: size, encoding, JSON, format and version, then every annotation with the schema.
Prints "valid: …" and exits 0, or prints one line per error ("path: reason") and exits 1.
Exit codes: 0 valid, 1 invalid or unreadable, 2 bad usage.
`;

/** The `validate` subcommand. */
export const validateCommand: Command = {
  summary: 'check an export file (JSON or W3C) and list every error',
  usage: USAGE,
  async run(args, io) {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    const unknown = args.find((a) => a.startsWith('-') && a !== '-');
    if (unknown || args.length !== 1) {
      io.stderr(`doneness validate: ${unknown ? `unknown option ${unknown}` : args.length ? 'expected one FILE' : 'missing FILE'}\n${USAGE}`);
      return EXIT.usage;
    }
    const [file] = args;
    const parsed = await readImportFile(file);
    const problems = allProblems(parsed);
    if (parsed.ok && problems.length === 0) {
      const name = parsed.format === 'w3c' ? 'W3C Web Annotation collection' : 'Doneness export';
      io.stdout(`valid: ${file} is a ${name} with ${parsed.annotations.length} annotations\n`);
      return EXIT.ok;
    }
    for (const p of problems) io.stdout(`${p.path}: ${p.reason}\n`);
    const records = parsed.ok ? `, ${parsed.rejected.length} of ${parsed.total} annotations rejected` : '';
    io.stderr(`invalid: ${file}: ${problems.length} error${problems.length === 1 ? '' : 's'}${records}\n`);
    return EXIT.input;
  },
};
