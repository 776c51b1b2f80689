/** Where a command writes: injected so subcommands are testable without spawning a process. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes shared by every subcommand: 0 done, 1 unreadable or invalid input, 2 bad usage. */
export const EXIT = { ok: 0, input: 1, usage: 2 } as const;

/** A subcommand of `doneness`: its one-line summary, usage text and runner. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[], io: CommandIo): Promise<number>;
}
