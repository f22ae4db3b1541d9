/**
 * One command of the `peach-orders` CLI, one file per command in this folder.
 *
 * To add a command:
 *   1. write `src/node/commands/<name>.ts` exporting a `Command` (see `today.ts` for a small one);
 *   2. list it in `registry.ts` (the order there is the order of `peach-orders --help`).
 *
 * The CLI (`../cli.ts`) does the rest, the same way for every command:
 *   - `--help` / `-h` prints `usage`, `description` and `examples` to stdout, exit 0;
 *   - the arguments are parsed by `node:util` `parseArgs` in strict mode from `options` and
 *     `positionals`: an unknown flag, a missing value, a missing or stray argument is one Korean
 *     line and the usage on stderr, exit 2, before `run` is called;
 *   - a `UsageError` thrown by `run` is answered the same way; a `WorkbookFileError`
 *     (`src/local/xlsx.ts`) is one Korean line on stderr, exit 2; anything else is one Korean
 *     line too (never a stack trace), exit 1.
 *
 * `run` writes results with `io.out` (stdout: what a pipe or `--json` reader wants) and
 * everything else for the person (warnings, notes) with `io.err` (stderr). A command that writes
 * the workbook goes through `withWorkbook` (`../files.ts`), which takes the workbook lock.
 */
import type { ParseArgsConfig } from "node:util";
import type { RunningServer } from "../server";

/** The command's streams. */
export interface CommandIO {
  /** Results only (stdout). */
  out(line: string): void;
  /** Errors, warnings and notes for the person (stderr). */
  err(line: string): void;
  /** Progress of long work (0–1 and what is happening); given only when stderr is a terminal. */
  progress?(fraction: number, label: string): void;
}

/** `parseArgs` options: `{ now: { type: "string" }, json: { type: "boolean" } }`. */
export type CommandOptions = NonNullable<ParseArgsConfig["options"]>;

/** What `parseArgs` found: the positionals in order, and the options by name. */
export interface CommandArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

export interface CommandResult {
  /** 0 when the work was done (even if problems were found and recorded), 2 for a usage or file error. */
  code: number;
  /** Set when a server was started: the process keeps running until Ctrl-C. */
  server?: RunningServer;
}

export interface Command {
  /** What is typed after `peach-orders`: `sync`, `import-tracking`. */
  name: string;
  /** One Korean line for `peach-orders --help`. */
  summary: string;
  /** The synopsis: `peach-orders sync <파일.xlsx> [--now 시각] [--json]`. */
  usage: string;
  /** What it does and what each option means, in Korean (a few lines). */
  description: string;
  /** Whole command lines a person can copy. */
  examples: string[];
  options: CommandOptions;
  /** The required positionals' names as shown in messages (`파일.xlsx`); exactly these many are taken. */
  positionals: readonly string[];
  run(args: CommandArgs, io: CommandIO): Promise<CommandResult>;
}

/** A mistake in how the command was typed: the CLI adds the command's usage, exit 2. */
export class UsageError extends Error {}
