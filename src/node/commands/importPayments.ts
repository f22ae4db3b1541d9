/**
 * `peach-orders import-payments 주문.xlsx 거래내역.xlsx [--password P] [--apply N=주문번호 …]
 * [--dry-run] [--json]`: the bank's own export marks the orders it pays; the doubtful lines are
 * printed with their candidates for Tony to choose with --apply.
 */
import {
  applyPayments,
  parseChoice,
  planPayments,
  type PaymentLine,
  type PaymentReport,
} from "../../app/payments";
import { sync } from "../../app/sync";
import { formatWon } from "../../domain/pricing";
import { RECONCILE } from "../../local/demo";
import { readBankSource, type PasswordSource } from "../../local/sourceFile";
import { WorkbookFileError } from "../../local/xlsx";
import { withWorkbook } from "../files";
import { NOW_OPTION, clockOption, flag, stringOption } from "./args";
import { UsageError, type Command, type CommandArgs, type CommandIO } from "./types";

/** `--apply 12=660-551 --apply 14=123-456,123-457`. */
export function choicesOf(args: CommandArgs): Map<number, string[]> {
  const raw = args.values.apply as unknown;
  const given = Array.isArray(raw) ? (raw as string[]) : typeof raw === "string" ? [raw] : [];
  const choices = new Map<number, string[]>();
  for (const text of given) {
    const choice = parseChoice(text);
    if (!choice) throw new UsageError(`--apply는 줄=주문번호로 적어 주세요 (예: 14=660-551): ${text}`);
    choices.set(choice.line, choice.codes);
  }
  return choices;
}

/** Candidates printed per deposit: a screenful, however many orders share an amount. */
const SCREENFUL = 8;

const describeLine = (l: PaymentLine) =>
  `${l.line}줄 ${l.at} ${l.name || "(이름 없음)"} ${formatWon(l.amount)}`;

export function formatPaymentReport(report: PaymentReport, dryRun: boolean): string[] {
  const { plan } = report;
  const out: string[] = [];
  const deposits = plan.lines.filter((l) => l.amount > 0).length;
  out.push(
    `거래내역: ${plan.bank || "은행 표"} (머리글 ${plan.headerRow}번째 줄) · 입금 ${deposits}건 · 그 밖의 줄 ${plan.lines.length - deposits}건`,
  );
  const applied = new Map<number, string[]>();
  const reversed = new Map<number, string[]>();
  for (const a of report.applied) {
    if (a.amount < 0) {
      reversed.set(a.line, [
        ...(reversed.get(a.line) ?? []),
        `${a.orderCode} ${formatWon(-a.amount)} 되돌림 (${a.paid ? "입금완료 그대로" : "미입금으로"})`,
      ]);
      continue;
    }
    const state = a.paid
      ? a.restored
        ? "입금완료, 입금 기한 안의 입금이라 취소를 되돌림"
        : "입금완료"
      : `부분 입금, 남은 금액 ${formatWon(a.due)}`;
    applied.set(a.line, [...(applied.get(a.line) ?? []), `${a.orderCode} ${formatWon(a.amount)} (${state})`]);
  }
  const matched = plan.lines.filter((l) => l.kind === "matched");
  if (dryRun) {
    out.push(`맞는 입금 ${matched.length}건 (반영하지 않음, --dry-run):`);
    for (const l of matched)
      out.push(`  ${describeLine(l)} → ${l.orderCode} ${l.candidates[0]?.ordererName ?? ""}`);
  } else {
    out.push(`반영한 입금 ${applied.size}건:`);
    for (const l of plan.lines.filter((x) => applied.has(x.line)))
      out.push(`  ${describeLine(l)} → ${applied.get(l.line)!.join(", ")}`);
    if (reversed.size > 0) {
      out.push(`입금취소 ${reversed.size}건 (보낼 메시지에 토니에게 알림):`);
      for (const l of plan.lines.filter((x) => reversed.has(x.line)))
        out.push(`  ${describeLine(l)} → ${reversed.get(l.line)!.join(", ")}`);
    }
  }
  const lost = plan.lines.filter((l) => l.reason === "reversalUnmatched");
  if (lost.length > 0) {
    out.push(`확인이 필요한 입금취소 ${lost.length}건:`);
    for (const l of lost) out.push(`  ${describeLine(l)}: ${l.reasonText}`);
  }
  const doubtful = plan.lines.filter((l) => l.kind === "doubtful" && !applied.has(l.line));
  if (doubtful.length > 0) {
    out.push(`확인이 필요한 입금 ${doubtful.length}건 (골라서 --apply 줄=주문번호):`);
    for (const l of doubtful) {
      out.push(`  ${describeLine(l)}: ${l.reasonText}`);
      for (const c of l.candidates.slice(0, SCREENFUL))
        out.push(
          `      후보 ${c.orderCode} ${c.ordererName} 합계 ${formatWon(c.total)}${c.due !== c.total ? ` (남은 금액 ${formatWon(c.due)})` : ""}`,
        );
      if (l.candidates.length > SCREENFUL)
        out.push(`      후보 ${l.candidates.length - SCREENFUL}건 더 (모두 보려면 --json)`);
    }
  }
  const ignored = plan.lines.filter((l) => l.kind === "ignored");
  const already = ignored.filter((l) => l.reason === "alreadyApplied");
  if (already.length > 0) out.push(`이미 반영됨 ${already.length}건: 바꾼 것이 없습니다`);
  const passed = ignored.filter((x) => x.reason !== "alreadyApplied" && x.reason !== "reversalUnmatched");
  const others = passed.length + plan.skipped.length;
  if (others > 0) {
    out.push(`넘어간 줄 ${others}건:`);
    for (const l of passed) out.push(`  ${describeLine(l)}: ${l.reasonText}`);
    for (const s of plan.skipped) out.push(`  ${s.line}줄 ${s.text}: 거래가 아님`);
  }
  for (const r of report.refused) out.push(`반영하지 못함: ${r.error}`);
  return out;
}

/**
 * Where a protected export's password comes from (issue 23): the environment, or a prompt on
 * the terminal that does not echo it; never argv, where other programs can read it.
 */
function passwordSource(io: CommandIO): PasswordSource {
  const fromEnv = process.env.PEACH_BANK_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) return undefined;
  return () =>
    new Promise((resolve) => {
      io.err("거래내역 파일의 암호 (화면에 나오지 않습니다): ");
      const stdin = process.stdin;
      let typed = "";
      stdin.setRawMode(true);
      stdin.resume();
      const done = (value: string | undefined) => {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off("data", onData);
        resolve(value);
      };
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString("utf8")) {
          if (ch === "\r" || ch === "\n") return done(typed);
          if (ch === "\u0003") return done(undefined); // Ctrl-C
          if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      stdin.on("data", onData);
    });
}

export const importPayments: Command = {
  name: "import-payments",
  summary: "은행 거래내역으로 입금 확인 (애매한 입금은 후보를 보여 줌)",
  usage:
    "peach-orders import-payments <주문.xlsx> <거래내역.xlsx|csv> [--apply 줄=주문번호 …] [--dry-run] [--json] [--now 시각]",
  description:
    "은행(카카오뱅크, 토스뱅크, NH농협, 카카오페이 등)에서 내려받은 거래내역으로 입금을 확인합니다.\n" +
    "  금액이 주문 합계와 같고 보낸 분이 주문자(이름, 이름+숫자, 주문번호 숫자)인 입금이 딱 한 주문에 맞으면\n" +
    "  입금완료로 바꿉니다 (입금일시 = 입금 시각). 후보가 여럿이거나 금액이 다르거나 맞는 주문이 없으면\n" +
    "  바꾸지 않고 후보를 보여 줍니다. 한 번 반영한 거래는 이력에 남아 다시 가져와도 두 번 반영하지 않습니다.\n" +
    "  암호가 걸린 엑셀 파일은 실행할 때 암호를 묻습니다 (화면에 나오지 않고, 저장하거나 기록하지 않습니다).\n" +
    "  자동으로 실행할 때는 PEACH_BANK_PASSWORD 환경 변수로 알려 줍니다 (명령줄에는 적지 않습니다).\n" +
    "  --apply 줄=주문번호  애매한 입금을 그 주문에 반영 (여러 주문은 14=660-551,660-552; 여러 번 적을 수 있음)\n" +
    "  --dry-run         보여 주기만 하고 파일을 바꾸지 않습니다\n" +
    "  --json            결과를 JSON 한 줄로 냅니다",
  examples: [
    "node bin/peach-orders.js import-payments 주문.xlsx 카카오뱅크_거래내역.xlsx",
    "node bin/peach-orders.js import-payments 주문.xlsx 거래내역.csv --apply 15=777-001 --apply 16=660-552",
  ],
  options: {
    password: { type: "string" },
    apply: { type: "string", multiple: true },
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
    ...NOW_OPTION,
  },
  positionals: ["주문.xlsx", "거래내역.xlsx|csv"],
  async run(args, io) {
    const [path, bankFile] = args.positionals as [string, string];
    const now = clockOption(args, path, io);
    const choices = choicesOf(args);
    const dryRun = flag(args, "dry-run");
    // A choice that is not applied must never look applied: exit 2, not a quiet 0 (issue 23).
    if (dryRun && choices.size > 0)
      throw new UsageError(
        "--dry-run은 파일을 바꾸지 않으므로 --apply를 반영할 수 없습니다. 둘 중 하나만 적어 주세요",
      );
    if (stringOption(args, "password") !== undefined)
      throw new UsageError(
        "암호를 명령줄에 적으면 이 컴퓨터의 다른 프로그램이 볼 수 있습니다. --password 없이 실행하면 암호를 묻고, " +
          "PEACH_BANK_PASSWORD 환경 변수로 알려 줄 수도 있습니다",
      );
    const bank = await readBankSource(bankFile, passwordSource(io));
    let refusedCount = 0;
    await withWorkbook(path, "import-payments", now, async (host) => {
      if (!sync(host, RECONCILE))
        throw new WorkbookFileError("설정 탭에 문제가 있어 입금을 확인할 수 없습니다");
      const report: PaymentReport = dryRun
        ? { plan: planPayments(host, bank), applied: [], refused: [] }
        : applyPayments(host, bank, choices);
      if (!dryRun) await host.workbook.save();
      if (flag(args, "json")) io.out(JSON.stringify({ ...report, dryRun }));
      else for (const line of formatPaymentReport(report, dryRun)) io.out(line);
      refusedCount = report.refused.length;
    });
    // A choice that could not be taken is a failure a script must see (what could be applied was).
    return { code: refusedCount > 0 ? 1 : 0 };
  },
};
