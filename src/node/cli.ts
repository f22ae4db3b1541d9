/**
 * `peach-orders`, the local command line: the same application layer as the Apps Script host,
 * on an .xlsx workbook. Korean messages; `--help` on every command; exit 0 when the work was
 * done (even if problems were found and recorded), 2 for a usage or file error.
 */
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import demoSeason from "../../sheets-templates/demo-season.json";
import type { Host } from "../app/port";
import { loadSmallTabs } from "../app/smallTabs";
import { lookupStatus } from "../app/status";
import { sync, type SyncResult } from "../app/sync";
import { COURIER_LAYOUTS, courierExport, importTracking } from "../app/courier";
import { dueMessages, markSent } from "../app/messages";
import { koreanDate, seoulDateOf, seoulDateTimeOf, seoulMidnight } from "../domain/clock";
import { DEMO_MORNING, DEMO_ORDERS_AT, RECONCILE, localHost, writeDemoOrders } from "../local/demo";
import { MemoryWorkbook } from "../local/memoryWorkbook";
import { WorkbookFileError, writeSimpleXlsx } from "../local/xlsx";
import { headerOf, tab } from "../templates";
import { isPaid, statusOf } from "../app/orderCells";
import { Table } from "../app/table";
import { importRows } from "../app/importRows";
import { readSource } from "../local/sourceFile";
import { initFile, openFile, syncFile, syncJson, type FileHost } from "./files";
import { provision, type SheetsClient } from "./provision";
import { STATUS_APP, startServer, toolsApp, type PageApp, type RunningServer } from "./server";

export const DEMO_FILE = "demo/orders.xlsx";

const USAGE = `사용법: peach-orders <명령> [옵션]   (명령마다 --help)

명령:
  start [--port N]                              데모 통합 문서(${DEMO_FILE})를 만들어 돌리고 조회 페이지를 엽니다 (npm start)
  init <파일.xlsx> [--demo]                     새 통합 문서를 만듭니다 (--demo: 데모 시즌 포함)
  sync <파일.xlsx> [--now 시각] [--json]        구글 시트의 10분 점검과 같은 정리를 합니다
  import <원본.xlsx|csv> --into <파일.xlsx>      토니의 엑셀이나 CSV(UTF-8, CP949)를 주문 탭으로 가져옵니다
  today <파일.xlsx> [--date YYYY-MM-DD]         그날의 출하 목록 (투투가 보는 그대로)
  messages <파일.xlsx> [--mark-sent]            보낼 카카오톡 메시지 (붙여 넣기용)
  export-courier <파일.xlsx> --date D --out <택배.xlsx> [--courier cj|generic]
                                                택배 대량 예약 파일
  import-tracking <파일.xlsx> <택배결과.xlsx|csv> [--date D] [--courier 이름]
                                                택배사 결과 파일의 송장번호를 받아 발송 처리
  serve <파일.xlsx> [--port N]                  고객 조회 페이지를 엽니다
  tools <파일.xlsx> [--port N]                  토니의 메시지 화면 (복사, 보냄)을 이 컴퓨터에서 엽니다
  provision --sheet <ID> --key <서비스계정.json>  구글 시트에 탭을 만들거나 고칩니다 (Sheets API)
  plan [--days N]                               데모 시즌의 날짜별 출하 계획`;

const HELP: Record<string, string> = {
  start: `사용법: peach-orders start [--port N]\n${DEMO_FILE}이 없으면 데모 시즌으로 만들고, 오늘 출하 목록과 조회 예시를 보여 준 뒤 조회 페이지를 엽니다 (기본 포트 8080, 0이면 빈 포트). 끝내려면 Ctrl-C.`,
  init: "사용법: peach-orders init <파일.xlsx> [--demo]\n탭 템플릿으로 새 통합 문서를 만듭니다. 이미 있는 파일은 덮어쓰지 않습니다.",
  sync: "사용법: peach-orders sync <파일.xlsx> [--now 2026-07-13T09:00+09:00] [--json]\n주문번호·금액·출하일을 정리하고 오늘 출하, 출하 일정, 이력, 오류 탭을 고칩니다. --now로 시각을 고정합니다. --json은 결과를 JSON 한 줄로 냅니다.",
  messages:
    "사용법: peach-orders messages <파일.xlsx> [--mark-sent] [--url 조회주소] [--now 시각]\n지금 보낼 메시지(입금 요청, 입금 확인, 출하일 변경, 발송)를 주문별로 보여 줍니다. --mark-sent는 보여 준 메시지를 '보냄'으로 이력에 남겨 다시 나오지 않게 합니다.",
  "export-courier":
    "사용법: peach-orders export-courier <파일.xlsx> --date YYYY-MM-DD --out <택배.xlsx> [--courier cj|generic]\n그날 보낼 곳을 택배 대량 예약 양식(기본 CJ대한통운)으로 만듭니다. 양식은 sheets-templates/courier-layouts.json에 있습니다.",
  "import-tracking":
    "사용법: peach-orders import-tracking <파일.xlsx> <택배결과.xlsx|csv> [--date YYYY-MM-DD] [--courier 이름] [--now 시각]\n택배사 결과의 받는분과 전화번호로 그날 출하 목록을 찾아 택배사·송장번호를 채우고 발송으로 바꿉니다. 맞는 줄이 없거나 여럿이면 아무것도 바꾸지 않고 알려 줍니다.",
  today:
    "사용법: peach-orders today <파일.xlsx> [--date YYYY-MM-DD] [--now 시각]\n그날의 출하 목록을 보여 주고 오늘 출하 탭에 씁니다.",
  serve:
    "사용법: peach-orders serve <파일.xlsx> [--port N] [--now 시각]\n고객 조회 페이지를 엽니다. 파일이 바뀌면 다시 읽습니다. 끝내려면 Ctrl-C.",
  tools:
    "사용법: peach-orders tools <파일.xlsx> [--port N] [--url 조회주소]\n구글 시트의 '보낼 메시지' 화면과 같은 화면을 이 컴퓨터(127.0.0.1)에서 엽니다. 기본 포트 8081. 끝내려면 Ctrl-C.",
  provision:
    "사용법: peach-orders provision --sheet <스프레드시트 ID> --key <서비스계정 키.json>\n메뉴의 '탭 만들기 / 고치기'와 같은 일을 컴퓨터에서 Sheets API로 합니다. 서비스 계정 이메일에 시트 편집 권한을 주어야 합니다. 있는 내용은 건드리지 않습니다.",
  plan: "사용법: peach-orders plan [--days N]\n데모 시즌(시즌 전날 저녁)의 출하 계획을 날짜별로 보여 줍니다 (파일을 쓰지 않습니다).",
};

export class UsageError extends Error {}

export interface CliResult {
  code: number;
  /** Set when a server was started: the process keeps running until Ctrl-C. */
  server?: RunningServer;
}

export interface CliIO {
  out: (line: string) => void;
  /** Progress of long work (0–1 and what is happening); given only when output is a terminal. */
  progress?: (fraction: number, label: string) => void;
}

// ---- options ---------------------------------------------------------------------------

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} 뒤에 값을 적어 주세요`);
  return value;
}

function positional(args: string[], what: string): string {
  const valued = new Set([
    "--now",
    "--port",
    "--date",
    "--days",

    "--into",
    "--out",
    "--courier",
    "--url",
    "--sheet",
    "--key",
  ]);
  const found = args.filter((a, i) => !a.startsWith("--") && !valued.has(args[i - 1] ?? ""));
  if (!found[0]) throw new UsageError(`${what}을(를) 적어 주세요`);
  return found[0];
}

function nowOption(args: string[]): Date {
  const text = option(args, "--now");
  if (text === undefined) return new Date();
  const now = new Date(text);
  if (Number.isNaN(now.getTime()))
    throw new UsageError(`--now 시각을 읽을 수 없습니다: ${text} (예: 2026-07-13T09:00+09:00)`);
  return now;
}

function dateOption(args: string[], name: string): string | undefined {
  const text = option(args, name);
  if (text !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(text))
    throw new UsageError(`${name}는 YYYY-MM-DD로 적어 주세요`);
  return text;
}

function portOption(args: string[], fallback: number): number {
  const text = option(args, "--port");
  const port = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError("포트는 0에서 65535 사이의 숫자로 적어 주세요");
  return port;
}

// ---- what the commands print ------------------------------------------------------------

/** The demo season the evening before it starts: every order in, nothing shipped yet. */
export function demoPlan(): SyncResult {
  const workbook = new MemoryWorkbook();
  workbook.setUp();
  const host = localHost(workbook, DEMO_ORDERS_AT);
  writeDemoOrders(host);
  return sync(host, RECONCILE)!;
}

export function formatPlan(plan: SyncResult, days: number): string {
  const lines: string[] = [];
  const text = (r: number, key: string) => plan.table.text(r, key);
  for (const day of plan.days.filter((d) => d.capacity > 0).slice(0, days)) {
    lines.push(
      `■ ${koreanDate(day.date)}  출하량 ${day.capacity}상자 · 배정 ${day.assigned}상자 · 남음 ${day.capacity - day.assigned}상자`,
    );
    plan.rows
      .filter((s) => s.shipDate === day.date)
      .sort((a, b) => (a.paidAt?.getTime() ?? 0) - (b.paidAt?.getTime() ?? 0) || a.r - b.r)
      .forEach((s, i) =>
        lines.push(
          `   ${String(i + 1).padStart(2)}. ${s.orderCode}  ${text(s.r, "recipientName")}  ${text(s.r, "item")} ${s.boxes}상자`,
        ),
      );
  }
  const split = plan.rows.filter((s) => s.problems.some((p) => p.message.includes("나눠 주세요"))).length;
  lines.push("");
  lines.push(
    `출하예정 ${plan.rows.filter((s) => s.shipDate).length}건 · 대기 ${plan.rows.filter((s) => s.status === "waitlisted").length}건 · ` +
      `나눠야 할 주문 ${split}건 · 입금 전 ${plan.rows.filter((s) => !s.paid).length}건`,
  );
  const flagged = plan.rows.filter((s) => s.problems.length > 0);
  lines.push(`확인이 필요한 줄 ${flagged.length}줄:`);
  for (const s of flagged)
    for (const p of s.problems) lines.push(`   ${plan.table.sheetRow(s.r)}행  ${p.message}`);
  return lines.join("\n");
}

/** 오늘 출하 as Tutu sees it. */
export function formatToday(host: Host): string {
  const sheet = host.workbook.sheet(tab("today").name);
  if (!sheet) return "";
  const today = Table.read(tab("today"), sheet);
  const tick = (r: number, key: string) =>
    `${headerOf("today", key)}${today.get(r, key) === true ? "✓" : "·"}`;
  const lines = [String(today.at(1, 1))];
  for (let r = 0; r < today.rowCount; r++) {
    if (!today.text(r, "rowId")) continue;
    const t = (key: string) => today.text(r, key);
    lines.push(
      `  ${t("seq").padStart(2)}. ${t("orderCode")} ${t("recipientName")} ${t("recipientPhone")} ${t("item")} ${t("boxes")}상자  ` +
        `${tick(r, "harvested")} ${tick(r, "packed")} ${tick(r, "shipped")}` +
        (t("trackingNumber") ? `  ${t("courier")} ${t("trackingNumber")}` : ""),
    );
    lines.push(`      ${t("address")}`);
  }
  if (lines.length === 1) lines.push("  이날 보낼 주문이 없습니다");
  return lines.join("\n");
}

/** Two lookups a customer could make: by number and phone, and by the token link. */
export function exampleLookups(host: Host, baseUrl: string): string {
  const sheet = host.workbook.sheet(tab("orders").name);
  if (!sheet) return "";
  const orders = Table.read(tab("orders"), sheet);
  const all = Array.from({ length: orders.rowCount }, (_, r) => r);
  const shipped = all.find((r) => statusOf(orders, r) === "shipped") ?? 0;
  const waiting = all.find((r) => !isPaid(orders, r) && orders.text(r, "check") === "") ?? 1;
  const lines = ["고객 조회 예시:"];
  for (const r of [shipped, waiting]) {
    if (r >= orders.rowCount) continue;
    const code = orders.text(r, "orderCode");
    const last4 = orders.text(r, "ordererPhone").slice(-4);
    const answer = lookupStatus(host, code, last4);
    const summary = answer.ok
      ? answer.view.recipients
          .map((r) => `${r.name} ${r.status}${r.shipDate ? ` (${r.shipDate})` : ""}`)
          .join(", ")
      : answer.error;
    lines.push(
      `  주문번호 ${code} + 전화 뒷자리 ${last4} → ${answer.ok && !answer.view.paid ? "입금 대기 · " : ""}${summary}`,
    );
    lines.push(`  링크: ${baseUrl}/?t=${orders.text(r, "token")}`);
  }
  return lines.join("\n");
}

// ---- commands ---------------------------------------------------------------------------

/** A progress reporter that speaks only for long work (over 1,000 rows) and only on a terminal. */
function longWork(io: CliIO): ((fraction: number, label: string) => void) & { rows: number } {
  const report = Object.assign(
    (fraction: number, label: string) => {
      if (io.progress && report.rows > 1000) io.progress(fraction, label);
    },
    { rows: 0 },
  );
  return report;
}

/** Serves a workbook file's status page; a changed file is read again before the next lookup. */
async function serveFile(
  path: string,
  port: number,
  now: () => Date,
  app: PageApp = STATUS_APP,
): Promise<{ server: RunningServer; host: FileHost }> {
  let host = await openFile(path, now());
  sync(host, RECONCILE);
  let seen = statSync(path).mtimeMs;
  const server = await startServer(() => host, {
    port,
    app,
    beforeRequest: async () => {
      const mtime = statSync(path).mtimeMs;
      if (mtime === seen) return;
      seen = mtime;
      host = await openFile(path, now());
      sync(host, RECONCILE);
    },
  });
  return { server, host };
}

async function run(command: string, rest: string[], io: CliIO): Promise<CliResult> {
  const { out } = io;
  switch (command) {
    case "plan": {
      const days = Number(option(rest, "--days") ?? 5);
      if (!Number.isInteger(days) || days < 1) throw new UsageError("--days는 1 이상의 정수로 적어 주세요");
      out(`데모 시즌 출하 계획 (${koreanDate("2026-07-12")} 저녁, 주문 ${demoSeason.orders}건)\n`);
      out(formatPlan(demoPlan(), days));
      return { code: 0 };
    }
    case "init": {
      const path = positional(rest, "만들 파일 이름");
      if (existsSync(path)) throw new WorkbookFileError(`이미 있는 파일입니다: ${path} (덮어쓰지 않습니다)`);
      mkdirSync(dirname(path), { recursive: true });
      await initFile(path, rest.includes("--demo"), rest.includes("--demo") ? DEMO_MORNING : nowOption(rest));
      out(
        `만들었습니다: ${path}${rest.includes("--demo") ? ` (데모 시즌 주문 ${demoSeason.orders}건)` : ""}`,
      );
      return { code: 0 };
    }
    case "sync": {
      const path = positional(rest, "통합 문서 파일");
      const bar = longWork(io);
      bar(0, "파일을 읽는 중");
      const host = await openFile(path, nowOption(rest));
      bar.rows = (host.workbook.sheet(tab("orders").name)?.readAll().length ?? 0) - 1;
      bar(0.4, "정리하는 중");
      const result = sync(host, RECONCILE);
      bar(0.8, "저장하는 중");
      await host.workbook.save();
      bar(1, "끝");
      if (rest.includes("--json")) {
        const settings = result ? null : loadSmallTabs(host, true).settings;
        out(JSON.stringify(syncJson(result, settings && !settings.ok ? settings.error : null)));
      } else if (result) {
        const problems = result.rows.reduce((n, s) => n + s.problems.length, 0);
        out(
          `정리했습니다: ${result.rows.length}줄, 출하예정 ${result.rows.filter((s) => s.shipDate).length}건, 확인 필요 ${problems}건`,
        );
      } else {
        out("설정 탭에 문제가 있어 계산하지 못했습니다. 오류 탭을 보세요");
      }
      return { code: 0 };
    }
    case "import": {
      const source = positional(rest, "가져올 파일");
      const into = option(rest, "--into");
      if (!into) throw new UsageError("--into <파일.xlsx>로 가져갈 통합 문서를 적어 주세요");
      const now = nowOption(rest);
      const bar = longWork(io);
      bar(0, "원본을 읽는 중");
      const rows = await readSource(source);
      bar.rows = rows.length;
      bar(0.2, `${rows.length}줄을 가져오는 중`);
      if (!existsSync(into)) {
        mkdirSync(dirname(into), { recursive: true });
        await initFile(into, false, now);
      }
      const host = await openFile(into, now);
      host.workbook.setUp();
      const settings = loadSmallTabs(host, true).settings;
      if (!settings.ok) throw new WorkbookFileError(`${into}의 설정 탭에 문제가 있습니다: ${settings.error}`);
      let report;
      try {
        report = importRows(host, rows, settings.value);
      } catch (error) {
        throw new WorkbookFileError(`${source}: ${(error as Error).message}`);
      }
      bar(0.5, "정리하는 중");
      const result = sync(host, RECONCILE);
      bar(0.8, "저장하는 중");
      await host.workbook.save();
      bar(1, "끝");
      out(`${source} → ${into}`);
      out(`머리글 ${report.headerRow}번째 줄에서 찾은 열:`);
      for (const m of report.matches) out(`  ${m.source} → ${m.target ?? "(그대로 덧붙임)"}`);
      if (report.defaultItem) out(`  품목 열이 없어 모든 줄을 '${report.defaultItem}'(으)로 채웠습니다`);
      const imported = new Set(result?.rows.filter((s) => s.problems.length > 0).map((s) => s.rowId));
      out(
        `가져온 줄 ${report.added} · 이미 있던 줄 ${report.alreadyThere} · 확인이 필요한 줄 ${imported.size} (오류 탭)`,
      );
      return { code: 0 };
    }
    case "messages": {
      const path = positional(rest, "통합 문서 파일");
      const host = await openFile(path, nowOption(rest));
      const result = await syncFile(host);
      if (!result) throw new WorkbookFileError("설정 탭에 문제가 있어 메시지를 만들 수 없습니다");
      const due = dueMessages(host, result.settings, option(rest, "--url") ?? result.settings.statusPageUrl);
      if (due.length === 0) out("지금 보낼 메시지가 없습니다");
      for (const m of due) {
        out(`━━ ${m.orderCode} ${m.ordererName}님 · ${m.label} ━━`);
        out(m.text);
        out("");
      }
      if (rest.includes("--mark-sent") && due.length > 0) {
        markSent(host, due);
        await host.workbook.save();
        out(`${due.length}건을 보냄으로 표시했습니다`);
      }
      return { code: 0 };
    }
    case "export-courier": {
      const path = positional(rest, "통합 문서 파일");
      const date = dateOption(rest, "--date");
      const target = option(rest, "--out");
      if (!date || !target) throw new UsageError("--date YYYY-MM-DD와 --out <택배.xlsx>를 적어 주세요");
      const layoutKey = option(rest, "--courier") ?? "cj";
      const layout = COURIER_LAYOUTS[layoutKey];
      if (!layout) throw new UsageError(`--courier는 ${Object.keys(COURIER_LAYOUTS).join(" 또는 ")}입니다`);
      const host = await openFile(path, nowOption(rest));
      const result = await syncFile(host);
      if (!result) throw new WorkbookFileError("설정 탭에 문제가 있어 택배 파일을 만들 수 없습니다");
      const rows = courierExport(host, result.settings, date, layoutKey);
      await writeSimpleXlsx(target, layout.sheetName, rows);
      out(`${layout.name}: ${koreanDate(date)} ${rows.length - 1}곳 → ${target}`);
      return { code: 0 };
    }
    case "import-tracking": {
      const files = rest.filter((a, i) => !a.startsWith("--") && !(rest[i - 1] ?? "").startsWith("--"));
      const [path, resultFile] = files;
      if (!path || !resultFile) throw new UsageError("통합 문서 파일과 택배사 결과 파일을 적어 주세요");
      const now = nowOption(rest);
      const date = dateOption(rest, "--date") ?? seoulDateOf(now);
      const lines = await readSource(resultFile);
      const host = await openFile(path, now);
      let report;
      try {
        report = importTracking(host, lines, date, option(rest, "--courier") ?? "CJ대한통운");
      } catch (error) {
        throw new WorkbookFileError(`${resultFile}: ${(error as Error).message}`);
      }
      await syncFile(host);
      out(`${koreanDate(date)} 발송 처리 ${report.matched.length}건`);
      for (const m of report.matched)
        out(`  ${m.line}줄 → ${m.orderCode} ${m.recipient} ${m.trackingNumber}`);
      if (report.unmatched.length > 0) {
        out(`바꾸지 않은 줄 ${report.unmatched.length}건:`);
        for (const u of report.unmatched) out(`  ${u.line}줄 (${u.text}): ${u.reason}`);
      }
      return { code: 0 };
    }
    case "today": {
      const path = positional(rest, "통합 문서 파일");
      const date = dateOption(rest, "--date");
      const now = rest.includes("--now") ? nowOption(rest) : date ? seoulMidnight(date) : new Date();
      const host = await openFile(path, now);
      await syncFile(host, date);
      out(formatToday(host));
      return { code: 0 };
    }
    case "serve": {
      const path = positional(rest, "통합 문서 파일");
      const fixed = rest.includes("--now") ? nowOption(rest) : null;
      const { server } = await serveFile(path, portOption(rest, 8080), () => fixed ?? new Date());
      out(`고객 조회 페이지: ${server.url}  (끝내려면 Ctrl-C)`);
      return { code: 0, server };
    }
    case "tools": {
      const path = positional(rest, "통합 문서 파일");
      const host = await openFile(path, nowOption(rest));
      sync(host, RECONCILE);
      const settings = loadSmallTabs(host, true).settings;
      const statusUrl = option(rest, "--url") ?? (settings.ok ? settings.value.statusPageUrl : "");
      const server = await startServer(host, {
        port: portOption(rest, 8081),
        app: toolsApp(statusUrl, () => host.workbook.save()),
      });
      out(`보낼 메시지 화면: ${server.url}  (끝내려면 Ctrl-C)`);
      return { code: 0, server };
    }
    case "provision": {
      const spreadsheetId = option(rest, "--sheet");
      const keyFile = option(rest, "--key");
      if (!spreadsheetId || !keyFile)
        throw new UsageError("--sheet <스프레드시트 ID>와 --key <서비스계정 키.json>을 적어 주세요");
      if (!existsSync(keyFile)) throw new WorkbookFileError(`키 파일이 없습니다: ${keyFile}`);
      const { google } = await import("googleapis");
      const auth = new google.auth.GoogleAuth({
        keyFile,
        scopes: ["https://www.googleapis.com/auth/spreadsheets"],
      });
      const client = google.sheets({ version: "v4", auth }) as unknown as SheetsClient;
      let result;
      try {
        result = await provision(client, spreadsheetId);
      } catch (error) {
        throw new WorkbookFileError(`시트에 연결하지 못했습니다: ${(error as Error).message}`);
      }
      out(
        result.requests === 0
          ? "모든 탭과 열이 이미 있습니다"
          : `만든 탭: ${result.created.join(", ") || "없음"} · 보낸 변경 ${result.requests}건`,
      );
      return { code: 0 };
    }
    case "start": {
      const port = portOption(rest, 8080);
      if (!existsSync(DEMO_FILE)) {
        mkdirSync(dirname(DEMO_FILE), { recursive: true });
        await initFile(DEMO_FILE, true, DEMO_MORNING);
        out(`데모 통합 문서를 만들었습니다: ${DEMO_FILE}`);
      }
      const { server, host } = await serveFile(DEMO_FILE, port, () => DEMO_MORNING);
      await host.workbook.save();
      out(`데모 시즌: 주문 ${demoSeason.orders}건, ${seoulDateTimeOf(host.now())} 기준 (${DEMO_FILE})\n`);
      out(formatToday(host));
      out("");
      out(exampleLookups(host, server.url));
      out("");
      out(`고객 조회 페이지: ${server.url}  (끝내려면 Ctrl-C)`);
      return { code: 0, server };
    }
    default:
      throw new UsageError(`알 수 없는 명령입니다: ${command}\n\n${USAGE}`);
  }
}

export async function main(
  args: string[],
  io: CliIO | ((line: string) => void) = console.log,
): Promise<CliResult> {
  const streams: CliIO = typeof io === "function" ? { out: io } : io;
  const [command, ...rest] = args;
  if (!command || command === "--help") {
    streams.out(USAGE);
    return { code: command ? 0 : 2 };
  }
  if (rest.includes("--help")) {
    streams.out(HELP[command] ?? USAGE);
    return { code: HELP[command] ? 0 : 2 };
  }
  try {
    return await run(command, rest, streams);
  } catch (error) {
    if (error instanceof UsageError || error instanceof WorkbookFileError) {
      streams.out(error.message);
      return { code: 2 };
    }
    throw error;
  }
}
