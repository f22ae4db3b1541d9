/**
 * `peach-orders`, the local command line: the same application layer as the Apps Script host,
 * on an .xlsx workbook. One file per command in `commands/` (see `commands/types.ts`); this file
 * parses the arguments (`node:util` `parseArgs`, strict), answers `--help`, and turns every
 * failure into one Korean line on stderr: exit 2 for a usage, file or port problem, 1 for a
 * defect of ours, never a stack trace.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { editDistance } from "../domain/distance";
import { UserError } from "../local/userError";
import { COMMANDS } from "./commands/registry";
import { INTERRUPTIBLE } from "./interrupt";
import { UsageError, type Command, type CommandIO, type CommandResult } from "./commands/types";
import { journalNotice } from "./webOrders";

export { DEMO_FILE } from "./commands/start";
export { demoPlan, exampleLookups, formatPlan, formatToday } from "./format";
export { UsageError } from "./commands/types";
export { afterInterrupt, fileStamp, INTERRUPTED } from "./interrupt";
export type CliResult = CommandResult;

/** The streams: a single function (tests) receives both results and errors. */
export type CliIO = Omit<CommandIO, "err"> & Partial<Pick<CommandIO, "err">>;

const width = Math.max(...COMMANDS.map((c) => c.name.length));
/**
 * An example as it runs when pasted in the project folder: `peach-orders` is on no PATH until
 * the package is installed, so every example is printed as `npx peach-orders …` (npx finds the
 * folder's own command after `npm run build` or `npm start`).
 */
export const runnable = (example: string): string =>
  example.replace(/(^|\s)(?:node bin\/peach-orders\.js|(?<!npx )peach-orders)(?= )/g, "$1npx peach-orders");

export const USAGE = [
  "사용법: peach-orders <명령> [옵션]   (명령마다 --help)",
  "",
  "명령:",
  ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  "",
  "예:",
  "  npm start",
  "  npx peach-orders init 주문.xlsx",
  "  npx peach-orders sync 주문.xlsx",
  "  npx peach-orders import --help",
].join("\n");

export function helpOf(command: Command): string {
  return [
    `사용법: ${command.usage}`,
    "",
    command.description,
    "  -h, --help  이 도움말",
    "",
    "예:",
    ...command.examples.map((e) => `  ${runnable(e)}`),
  ].join("\n");
}

function suggestion(command: Command, name: string): string {
  const close = Object.keys(command.options)
    .map((o) => ({ o, d: editDistance(name, o) }))
    .filter(({ o, d }) => d <= 2 || o.startsWith(name))
    .sort((a, b) => a.d - b.d)[0];
  return close ? ` (--${close.o} 말인가요?)` : "";
}

/**
 * Why strict `parseArgs` refused `argv`, in Korean: the same parse without strictness gives the
 * tokens, and the first one that strict mode would refuse is named.
 */
function explain(command: Command, argv: string[]): string {
  const { tokens } = parseArgs({
    args: argv,
    options: command.options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const def = command.options[t.name];
    if (!def) return `알 수 없는 옵션입니다: ${t.rawName}${suggestion(command, t.name)}`;
    if (def.type === "string" && t.value === undefined) return `${t.rawName} 뒤에 값을 적어 주세요`;
    if (def.type === "boolean" && t.value !== undefined) return `${t.rawName}에는 값을 붙이지 않습니다`;
  }
  return "옵션을 읽을 수 없습니다";
}

/** The strict parse of a command's arguments (a UsageError when refused). */
export function parse(
  command: Command,
  argv: string[],
): { positionals: string[]; values: Record<string, string | boolean | undefined> } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: command.options, strict: true, allowPositionals: true });
  } catch (error) {
    if (String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS"))
      throw new UsageError(explain(command, argv));
    throw error;
  }
  const { positionals, values } = parsed;
  const wanted = command.positionals;
  if (positionals.length < wanted.length)
    throw new UsageError(`빠진 것이 있습니다: <${wanted[positionals.length]}>`);
  if (positionals.length > wanted.length)
    throw new UsageError(`필요 없는 인자입니다: ${positionals.slice(wanted.length).join(" ")}`);
  return { positionals, values: values as Record<string, string | boolean | undefined> };
}

/**
 * The workbook a command line works on when Ctrl-C stops the command in a child process
 * (node/interrupt.ts); null for any other command line, or one the command itself will refuse.
 */
export function interruptible(argv: readonly string[]): { path: string } | null {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command || !INTERRUPTIBLE.has(command.name)) return null;
  if (rest.some((a) => a === "--help" || a === "-h")) return null;
  try {
    const { positionals, values } = parse(command, rest);
    const path = command.name === "import" ? values.into : positionals[0];
    return typeof path === "string" && path ? { path } : null;
  } catch {
    return null;
  }
}

/**
 * A line as a terminal should print it: escape sequences (colours, cursor moves, window titles,
 * hyperlinks) and other control characters removed; line breaks and tabs kept.
 */
export function terminalSafe(line: string): string {
  /* eslint-disable no-control-regex -- control characters are exactly what is removed */
  return line
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, "")
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, "")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
  /* eslint-enable no-control-regex */
}

/** The workbooks a command names (its .xlsx arguments and `--into`), that exist. */
function workbooksOf(parsed: { positionals: string[]; values: Record<string, unknown> }): string[] {
  const named = [
    ...parsed.positionals,
    ...(typeof parsed.values.into === "string" ? [parsed.values.into] : []),
  ];
  return named.filter((p) => /\.xlsx$/i.test(p) && existsSync(p));
}

export async function main(
  args: string[],
  io: CliIO | ((line: string) => void) = console.log,
): Promise<CliResult> {
  const given: CommandIO = typeof io === "function" ? { out: io, err: io } : { ...io, err: io.err ?? io.out };
  // Every line printed passes through terminalSafe: a cell of a bank export or a workbook can
  // hold escape codes that would rewrite Tony's terminal (issue 23).
  const streams: CommandIO = {
    ...given,
    out: (line) => given.out(terminalSafe(line)),
    err: (line) => given.err!(terminalSafe(line)),
  };
  const [name, ...rest] = args;
  if (name === undefined) {
    streams.err(USAGE);
    return { code: 2 };
  }
  if (name === "--help" || name === "-h" || name === "help") {
    const wanted = COMMANDS.find((c) => c.name === rest[0]);
    streams.out(wanted ? helpOf(wanted) : USAGE);
    return { code: 0 };
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    streams.err(`알 수 없는 명령입니다: ${name}\n\n${USAGE}`);
    return { code: 2 };
  }
  const dashes = rest.indexOf("--");
  if ((dashes < 0 ? rest : rest.slice(0, dashes)).some((a) => a === "--help" || a === "-h")) {
    streams.out(helpOf(command));
    return { code: 0 };
  }
  let parsed: ReturnType<typeof parse> | null = null;
  // Orders and answers a server could not write wait beside the file: every command says so,
  // whether it ran or stopped (the file open in Excel is the usual why).
  const tellWaiting = () => {
    for (const path of parsed ? workbooksOf(parsed) : []) {
      const waiting = journalNotice(path);
      if (waiting) streams.err(waiting);
    }
  };
  try {
    parsed = parse(command, rest);
    const result = await command.run(parsed, streams);
    tellWaiting();
    return result;
  } catch (error) {
    tellWaiting();
    if (error instanceof UsageError) {
      streams.err(
        `${error.message}\n\n사용법: ${command.usage}\n(자세히: peach-orders ${command.name} --help)`,
      );
      return { code: 2 };
    }
    if (error instanceof UserError) {
      streams.err(error.message);
      return { code: 2 };
    }
    // A defect of ours: one line (the stack trace helps nobody at Tony's desk), exit 1.
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    streams.err(
      `예상하지 못한 문제로 멈췄습니다${code ? ` (${code})` : ""}: ${error instanceof Error ? error.message : String(error)}. 파일은 마지막으로 저장된 그대로입니다`,
    );
    return { code: 1 };
  }
}
