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
import { UsageError, type Command, type CommandIO, type CommandResult } from "./commands/types";
import { journalNotice } from "./webOrders";

export { DEMO_FILE } from "./commands/start";
export { demoPlan, exampleLookups, formatPlan, formatToday } from "./format";
export { UsageError } from "./commands/types";
export type CliResult = CommandResult;

/** The streams: a single function (tests) receives both results and errors. */
export type CliIO = Omit<CommandIO, "err"> & Partial<Pick<CommandIO, "err">>;

const width = Math.max(...COMMANDS.map((c) => c.name.length));
export const USAGE = [
  "사용법: peach-orders <명령> [옵션]   (명령마다 --help)",
  "",
  "명령:",
  ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  "",
  "예:",
  "  npm start",
  "  peach-orders import 토니주문.xlsx --into 주문.xlsx",
  "  peach-orders sync 주문.xlsx",
  "  peach-orders import --help",
].join("\n");

export function helpOf(command: Command): string {
  return [
    `사용법: ${command.usage}`,
    "",
    command.description,
    "  -h, --help  이 도움말",
    "",
    "예:",
    ...command.examples.map((e) => `  ${e}`),
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

function parse(
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
