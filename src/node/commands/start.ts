import demoSeason from "../../../sheets-templates/demo-season.json";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { fnv1a } from "../../domain/fingerprint";
import { withParticle } from "../../domain/korean";
import { sync, type SyncResult } from "../../app/sync";
import { seoulDateOf, seoulDateTimeOf } from "../../domain/clock";
import { loadSmallTabs } from "../../app/smallTabs";
import { DEMO_MORNING, RECONCILE } from "../../local/demo";
import { FollowedFile, withWorkbook } from "../files";
import { exampleLookups, formatToday } from "../format";
import { customerApp, startServer } from "../server";
import { applyJournalTo, localOrderRpc } from "../webOrders";
import { PORT_OPTION, demoClockPathOf, demoClockText, portOption } from "./args";
import type { Command } from "./types";

export const DEMO_FILE = "demo/orders.xlsx";
/** Beside the demo: which demo season made it. A demo made from an older season is made again. */
const VERSION_FILE = `${DEMO_FILE}.version`;
const DEMO_VERSION = fnv1a(JSON.stringify(demoSeason));
const OLD_DEMO = "demo/orders.old.xlsx";
/** The demo's clock as `--now` takes it, kept beside the demo: every command on it runs then. */
const DEMO_CLOCK = `${seoulDateTimeOf(DEMO_MORNING).replace(" ", "T")}:00+09:00`;

/**
 * What to run next on the demo, in another window, as the banner and the README print them (a
 * test places a web order on the demo page and runs the README's lines as printed).
 */
export const demoNext = (url: string): string[] =>
  [`sync ${DEMO_FILE}`, `messages ${DEMO_FILE} --url ${url}`, `today ${DEMO_FILE}`].map(
    (command) => `node bin/peach-orders.js ${command}`,
  );

/** Moves a demo made from another demo season aside; true when it did. */
function retireOldDemo(): boolean {
  if (!existsSync(DEMO_FILE)) return false;
  const made = existsSync(VERSION_FILE) ? readFileSync(VERSION_FILE, "utf8").trim() : "";
  if (made === DEMO_VERSION) return false;
  renameSync(DEMO_FILE, OLD_DEMO);
  return true;
}

export const start: Command = {
  name: "start",
  summary: `데모 통합 문서(${DEMO_FILE})를 만들어 돌리고 조회 페이지를 엽니다 (npm start)`,
  usage: "peach-orders start [--port N]",
  description:
    `${withParticle(DEMO_FILE, "이/가")} 없으면(또는 다른 데모 시즌으로 만든 것이면) 데모 시즌으로 만들고, 오늘 출하 목록과 조회 예시를 보여 준 뒤 조회 페이지를 엽니다. 끝내려면 Ctrl-C.\n` +
    `  데모는 ${seoulDateTimeOf(DEMO_MORNING)}에 머뭅니다: 파일 옆 ${demoClockPathOf(DEMO_FILE)}에 적어 두어, --now 없이 이 파일에 실행한 명령도 그 시각으로 돌아갑니다.\n` +
    "  --port N  포트 (기본 8080, 0이면 빈 포트)",
  examples: ["npm start", "peach-orders start --port 8090"],
  options: PORT_OPTION,
  positionals: [],
  async run(args, io) {
    const port = portOption(args, 8080);
    const retired = retireOldDemo();
    const created = !existsSync(DEMO_FILE);
    let result: SyncResult | null = null;
    await withWorkbook(
      DEMO_FILE,
      "start",
      DEMO_MORNING,
      async (host) => {
        result = sync(host, RECONCILE);
        await host.workbook.save();
      },
      { createDemo: DEMO_MORNING },
    );
    writeFileSync(VERSION_FILE, DEMO_VERSION);
    writeFileSync(demoClockPathOf(DEMO_FILE), demoClockText(DEMO_CLOCK, DEMO_FILE));
    if (retired)
      io.err(
        `데모 시즌이 바뀌어 데모 통합 문서를 새로 만들었습니다: ${DEMO_FILE} (전에 쓰던 것은 ${OLD_DEMO})`,
      );
    else if (created) io.err(`데모 통합 문서를 만들었습니다: ${DEMO_FILE}`);
    const file = await FollowedFile.open(DEMO_FILE, () => DEMO_MORNING);
    // Web orders kept in the journal while the file was open in Excel go in now, if they can.
    await applyJournalTo(file).catch((error: unknown) => io.err(String((error as Error).message ?? error)));
    const server = await startServer(() => file.host, {
      port,
      app: customerApp(localOrderRpc(file)),
      beforeRequest: () => file.refresh(),
    });
    io.out(`데모 시즌: 주문 ${demoSeason.orders}건, ${seoulDateTimeOf(DEMO_MORNING)} 기준 (${DEMO_FILE})\n`);
    io.out(formatToday(file.host, { result, date: seoulDateOf(DEMO_MORNING) }));
    io.out("");
    io.out(exampleLookups(file.host, server.url));
    io.out("");
    io.out(`고객 조회 페이지: ${server.url}  (끝내려면 Ctrl-C)`);
    const open = loadSmallTabs(file.host, true).settings;
    io.out(
      `주문 페이지: ${server.url}/?view=order  ` +
        (open.ok && open.value.onlineOrders
          ? "(주문을 받습니다. 입금 안내는 데모용 가짜 계좌)"
          : "(설정의 '온라인 주문 받기'를 예로 바꾸면 주문을 받습니다)"),
    );
    io.out("");
    io.out(
      `다른 창에서 이어서 (데모 시각 ${seoulDateTimeOf(DEMO_MORNING)} 기준, ${demoClockPathOf(DEMO_FILE)}):`,
    );
    for (const line of demoNext(server.url)) io.out(`  ${line}`);
    return { code: 0, server };
  },
};
