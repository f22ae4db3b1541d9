/**
 * `peach-orders`, the local command line (Korean messages; `--help` on every command).
 * Until the .xlsx host lands, it runs the embedded demo season in memory through the same
 * application layer as Apps Script.
 */
import demoSeason from "../../sheets-templates/demo-season.json";
import { planSeason, type Plan } from "../app/plan";
import { lookupStatus } from "../app/status";
import { koreanDate, seoulDateTimeOf } from "../domain/clock";
import { defaultSettings } from "../domain/settings";
import { demoHost, type DemoHost } from "../local/demo";
import { tab } from "../templates";
import { startServer, type RunningServer } from "./server";

const USAGE = `사용법: peach-orders <명령> [옵션]

명령:
  start [--port N]                        데모 시즌을 돌려 오늘 출하 목록과 조회 예시를 보여 주고,
                                          고객 조회 페이지를 엽니다 (npm start)
  serve [--port N]                        데모 시즌의 고객 조회 페이지만 엽니다
  plan [--days N] [--today YYYY-MM-DD]    데모 시즌의 날짜별 출하 계획을 보여 줍니다
  --help                                  이 도움말`;

const HELP: Record<string, string> = {
  start:
    "사용법: peach-orders start [--port N]\n데모 시즌을 돌리고 고객 조회 페이지를 엽니다. 기본 포트 8080, 0이면 빈 포트.",
  serve: "사용법: peach-orders serve [--port N]\n데모 시즌의 고객 조회 페이지를 엽니다. 끝내려면 Ctrl-C.",
  plan: "사용법: peach-orders plan [--days N] [--today YYYY-MM-DD]\n데모 시즌의 출하 계획을 날짜별로 보여 줍니다.",
};

export function demoPlan(today: string): Plan {
  const rows = demoSeason.rows.map((cells, i) => ({
    rowId: `demo-${i + 2}`,
    orderCode: cells.orderCode,
    cells: cells as Record<string, unknown>,
  }));
  return planSeason(rows, defaultSettings(), today);
}

export function formatPlan(plan: Plan, days: number): string {
  const lines: string[] = [];
  const shipping = plan.days.filter((d) => d.capacity > 0).slice(0, days);
  for (const day of shipping) {
    lines.push(
      `■ ${koreanDate(day.date)}  출하량 ${day.capacity}상자 · 배정 ${day.assigned}상자 · 남음 ${day.capacity - day.assigned}상자`,
    );
    const onDay = plan.shipments.filter(
      (s) => s.placement?.kind === "scheduled" && s.placement.date === day.date,
    );
    onDay.forEach((s, i) =>
      lines.push(
        `   ${String(i + 1).padStart(2)}. ${s.orderCode}  ${s.fields.recipientName}  ${s.fields.item} ${s.fields.boxes}상자`,
      ),
    );
  }
  const count = (kind: string) => plan.shipments.filter((s) => s.placement?.kind === kind).length;
  const unpaid = plan.shipments.filter((s) => s.placement === null).length;
  lines.push("");
  lines.push(
    `출하예정 ${count("scheduled")}건 · 대기 ${count("waitlisted")}건 · 나눠야 할 주문 ${count("tooLarge")}건 · 입금 전 ${unpaid}건`,
  );
  lines.push(`확인이 필요한 줄 ${new Set(plan.problems.map((p) => p.rowId)).size}줄:`);
  for (const p of plan.problems) lines.push(`   ${p.rowId}  ${p.message}`);
  return lines.join("\n");
}

/** 오늘 출하 as Tutu sees it. */
export function formatToday(host: DemoHost): string {
  const rows = host.workbook.sheet(tab("today").name)!.readAll();
  const header = (rows[tab("today").headerRow - 1] ?? []).map(String);
  const at = (row: unknown[], h: string) => row[header.indexOf(h)];
  const tick = (v: unknown) => (v === true ? "✓" : "·");
  const lines = [String(rows[0]?.[0] ?? "")];
  for (const row of rows.slice(tab("today").headerRow)) {
    if (!at(row, "행ID")) continue;
    lines.push(
      `  ${String(at(row, "순서")).padStart(2)}. ${at(row, "주문번호")} ${at(row, "받는분")} ${at(row, "품목")} ${at(row, "상자수")}상자` +
        `  수확${tick(at(row, "수확"))} 포장${tick(at(row, "포장"))} 발송${tick(at(row, "발송"))}` +
        (at(row, "송장번호") ? `  ${at(row, "택배사")} ${at(row, "송장번호")}` : ""),
    );
  }
  return lines.join("\n");
}

/** Two lookups a customer could make: by number and phone, and by the token link. */
export function exampleLookups(host: DemoHost, baseUrl: string): string {
  const orders = host.workbook.sheet(tab("orders").name)!.readAll();
  const header = (orders[0] ?? []).map(String);
  const at = (row: unknown[], h: string) => String(row[header.indexOf(h)] ?? "");
  const shipped = orders.find((r) => at(r, "진행상태") === "발송") ?? orders[1]!;
  const waiting =
    orders.find((r) => at(r, "입금상태") === "미입금" && at(r, "확인 필요") === "") ?? orders[2]!;
  const lines = ["고객 조회 예시:"];
  for (const row of [shipped, waiting]) {
    const code = at(row, "주문번호");
    const last4 = at(row, "주문자 연락처").slice(-4);
    const answer = lookupStatus(host, code, last4);
    const summary = answer.ok
      ? answer.view.recipients
          .map((r) => `${r.name} ${r.status}${r.shipDate ? ` (${r.shipDate})` : ""}`)
          .join(", ")
      : answer.error;
    lines.push(
      `  주문번호 ${code} + 전화 뒷자리 ${last4} → ${answer.ok && !answer.view.paid ? "입금 대기 · " : ""}${summary}`,
    );
    lines.push(`  링크: ${baseUrl}/?t=${at(row, "조회토큰")}`);
  }
  return lines.join("\n");
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function portOption(args: string[], fallback: number): number | null {
  const text = option(args, "--port");
  const port = text === undefined ? fallback : Number(text);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : null;
}

export interface CliResult {
  code: number;
  /** Set when a server was started: the process keeps running until Ctrl-C. */
  server?: RunningServer;
}

export async function main(args: string[], out: (line: string) => void = console.log): Promise<CliResult> {
  const [command, ...rest] = args;
  if (!command || command === "--help") {
    out(USAGE);
    return { code: command ? 0 : 2 };
  }
  if (rest.includes("--help") && HELP[command]) {
    out(HELP[command]);
    return { code: 0 };
  }
  if (command === "plan") {
    const today = option(rest, "--today") ?? "2026-07-12";
    const days = Number(option(rest, "--days") ?? 5);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || !Number.isInteger(days) || days < 1) {
      out("날짜는 YYYY-MM-DD, 날수는 1 이상의 정수로 적어 주세요");
      return { code: 2 };
    }
    out(`데모 시즌 출하 계획 (오늘: ${koreanDate(today)})\n`);
    out(formatPlan(demoPlan(today), days));
    return { code: 0 };
  }
  if (command === "start" || command === "serve") {
    const port = portOption(rest, 8080);
    if (port === null) {
      out("포트는 0에서 65535 사이의 숫자로 적어 주세요");
      return { code: 2 };
    }
    const host = demoHost();
    let server: RunningServer;
    try {
      server = await startServer(host, port);
    } catch (error) {
      out(`조회 페이지를 열 수 없습니다 (포트 ${port}): ${(error as Error).message}`);
      return { code: 2 };
    }
    if (command === "start") {
      out(`데모 시즌: 주문 ${demoSeason.orders}건, ${seoulDateTimeOf(host.now())} 기준\n`);
      out(formatToday(host));
      out("");
      out(exampleLookups(host, server.url));
      out("");
    }
    out(`고객 조회 페이지: ${server.url}  (끝내려면 Ctrl-C)`);
    return { code: 0, server };
  }
  out(`알 수 없는 명령입니다: ${command}\n\n${USAGE}`);
  return { code: 2 };
}
