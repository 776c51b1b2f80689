/**
 * `doneness <command> …`: dispatches to one subcommand per module, so `convert` and `validate`
 * join `detect` by adding an entry to `commands`.
 */
import { setFallbackCatalogue } from '../lib/i18n';
import en from '../public/_locales/en/messages.json';
import { anchorCommand } from './anchor';
import { convertCommand } from './convert';
import { couchSetupCommand } from './couch-setup';
import { detectCommand } from './detect';
import { validateCommand } from './validate';
import { EXIT, type Command, type CommandIo } from './io';
import { readableError } from '../storage/describe-error';

// No browser.i18n on the command line: reports use the English strings.
setFallbackCatalogue(en);

/** Every subcommand, by the name typed on the command line. */
export const commands: Record<string, Command> = {
  detect: detectCommand,
  convert: convertCommand,
  validate: validateCommand,
  'couch-setup': couchSetupCommand,
  anchor: anchorCommand,
};

/** The top-level usage text, listing every subcommand. */
export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: doneness <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun "doneness <command> --help" for a command's options.\n`;
}

/** Run the command line; resolves to the process exit code and never throws. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return EXIT.ok;
  }
  const command = name ? commands[name] : undefined;
  if (!command) {
    io.stderr((name ? `doneness: unknown command "${name}"\n\n` : '') + usage());
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(`doneness ${name}: ${readableError(error)}\n`);
    return EXIT.input;
  }
}
