/**
 * Issue 23 · 15: `npm start`'s demo is one coherent shop. Its 설정 is filled (입금 안내, 판매자
 * 연락처, 보내는 주소: values the product takes as Tony's, not the template's examples) and the
 * order page is open; a web order placed on the demo page survives the commands the README and
 * the banner print next, run as printed (the demo's clock lives beside it, demo/orders.xlsx.clock).
 * Runs in a folder of its own: `start` makes demo/ in the working folder.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSmallTabs } from "../../src/app/smallTabs";
import { fillFirst } from "../../src/domain/settings";
import { main } from "../../src/node/cli";
import { demoNext, DEMO_FILE } from "../../src/node/commands/start";
import { openFile } from "../../src/node/files";
import type { RunningServer } from "../../src/node/server";
import { journalPathOf } from "../../src/node/webOrders";
import { pageClient } from "./pageClient";
import { xlsxRecords } from "./xlsxRecords";

const ROOT = join(__dirname, "../..");
const ACCOUNT = "농협 000-0000-0000-00 (예금주 토니, 데모용 가짜 계좌)";

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const result = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code: result.code, out: out.join("\n"), err: err.join("\n"), server: result.server };
}

/** The README's next commands on the demo (both its Korean and English parts), without comments. */
function readmeDemoCommands(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const lines = [...readme.matchAll(/^node bin\/peach-orders\.js [^\n]*demo\/orders\.xlsx[^\n]*$/gm)].map(
    (m) => m[0].replace(/#.*$/, "").trim(),
  );
  return [...new Set(lines)];
}

describe("issue 23 · 15 · npm start's demo is one coherent shop", () => {
  const home = process.cwd();
  let server: RunningServer | undefined;

  beforeAll(() => process.chdir(mkdtempSync(join(tmpdir(), "peach-demo-shop-"))));
  afterAll(async () => {
    await server?.close();
    process.chdir(home);
  });

  it("15 · 입금 안내 and online ordering are on; a web order on the demo page is still unpaid, not cancelled, after the README's next commands", async () => {
    const started = await run(["start", "--port", "0"]);
    server = started.server;
    expect(started.code).toBe(0);
    const url = /고객 조회 페이지: (http:\/\/127\.0\.0\.1:\d+)/.exec(started.out)![1]!;
    expect(started.out).toContain(
      `주문 페이지: ${url}/?view=order  (주문을 받습니다. 입금 안내는 데모용 가짜 계좌)`,
    );

    // 설정: filled as Tony's own values (not 예시 값, not empty), and the order page open.
    const host = await openFile(DEMO_FILE, new Date("2026-07-13T10:30:00+09:00"));
    const settings = loadSmallTabs(host, true).settings;
    if (!settings.ok) throw new Error(settings.error);
    expect(settings.value.paymentInstructions).toBe(ACCOUNT);
    expect(fillFirst(settings.value, ["paymentInstructions", "sellerPhone", "senderAddress"])).toBeNull();
    expect(settings.value.examplesLeft).toBeUndefined();
    expect(settings.value.onlineOrders).toBe(true);

    // The README prints what the banner prints, for the default port.
    const commands = readmeDemoCommands();
    expect(commands).toEqual(demoNext("http://127.0.0.1:8080"));
    expect(started.out).toContain(demoNext(url).join("\n  "));
    expect(started.out).toContain(
      "다른 창에서 이어서 (데모 시각 2026-07-13 10:30 기준, demo/orders.xlsx.clock):",
    );

    // A customer orders on the demo page, as the page calls it.
    const call = await pageClient(url);
    const placed = await call<{ ok: boolean; value: { orderCode: string; paymentInstructions: string } }>(
      "placeOrder",
      {
        orderer: { name: "데모손님", phone: "010-7000-1234" },
        recipients: [
          {
            name: "데모손님",
            phone: "010-7000-1234",
            postalCode: "06236",
            address: "서울특별시 강남구 테헤란로 7",
            item: "백도 4.5kg",
            boxes: 2,
          },
        ],
        memo: "",
      },
    );
    expect(placed.body.value?.ok).toBe(true);
    const { orderCode, paymentInstructions } = placed.body.value!.value;
    expect(paymentInstructions).toBe(ACCOUNT);
    const journal = journalPathOf(DEMO_FILE);
    for (
      let i = 0;
      i < 300 && existsSync(journal) && readdirSync(journal).some((n) => n.endsWith(".json"));
      i++
    )
      await new Promise((r) => setTimeout(r, 100));

    // The README's next commands, exactly as printed (the server still open, as in another window).
    const outputs: Record<string, string> = {};
    for (const line of commands) {
      const words = line.split(/\s+/);
      expect(words.slice(0, 2)).toEqual(["node", "bin/peach-orders.js"]);
      const result = await run(words.slice(2));
      expect({ line, code: result.code }).toEqual({ line, code: 0 });
      expect(result.err).toContain(
        "데모 시각 2026-07-13 10:30 기준으로 합니다 (demo/orders.xlsx.clock; 다른 시각은 --now)",
      );
      outputs[words[2]!] = result.out;
    }
    const mine = (await xlsxRecords(DEMO_FILE, "주문")).filter((r) => r["주문번호"] === orderCode);
    expect(mine.map((r) => [r["주문 경로"], r["입금상태"], r["진행상태"]])).toEqual([
      ["웹", "미입금", "접수"],
    ]);
    const events = (await xlsxRecords(DEMO_FILE, "이력")).filter((e) => e["주문번호"] === orderCode);
    expect(events.map((e) => e["사건"])).not.toContain("입금 기한 지남");
    // messages: its payment request, with the demo's account and a link to the demo page.
    const request = outputs["messages"]!.split("\n\n").find((m) =>
      m.includes(`${orderCode} 데모손님님 · 입금 요청`),
    );
    expect(request).toContain(`입금하실 곳: ${ACCOUNT}`);
    expect(request).toMatch(/http:\/\/127\.0\.0\.1:8080\/?\?t=[a-z2-9]{24}/);
    expect(outputs["today"]).toMatch(/7월 13일 \(월\) 출하/);

    // What the demo clock spares it: a sync four days on (past 웹 주문 입금 기한 3일) cancels it.
    expect((await run(["sync", DEMO_FILE, "--now", "2026-07-17T10:30:00+09:00"])).code).toBe(0);
    const later = (await xlsxRecords(DEMO_FILE, "주문")).find((r) => r["주문번호"] === orderCode)!;
    expect(later["진행상태"]).toBe("취소");
  }, 120_000);

  it("15 · a copied demo folder runs at the real time and says why; no text goes at the demo's time", async () => {
    // The demo made by the test above; a shop started from a copy of its folder.
    cpSync("demo", "shop", { recursive: true });
    const copied = await run(["today", "shop/orders.xlsx"]);
    expect(copied.err).toContain("shop/orders.xlsx.clock은 다른 위치의 데모 시각 파일이라 쓰지 않습니다");
    expect(copied.err).not.toContain("데모 시각 2026-07-13 10:30 기준");
    // An old one-line clock file (no workbook named) is not taken either.
    writeFileSync("shop/orders.xlsx.clock", "2026-07-13T10:30:00+09:00\n");
    expect((await run(["today", "shop/orders.xlsx"])).err).toContain("다른 위치의 데모 시각 파일");
    // On the demo itself, texting at the demo's morning is refused (a dry run may look).
    const host = await openFile(DEMO_FILE, new Date("2026-07-13T10:30:00+09:00"));
    const row = xlsxSettingsRow(host, "문자 자동 발송");
    host.workbook.sheet("설정")!.write(row, 2, [["솔라피"]]);
    await host.workbook.save();
    const env = { ...process.env };
    process.env.SOLAPI_API_KEY = "NCSTESTKEY0000001";
    process.env.SOLAPI_API_SECRET = "TESTSECRET0000000000000000000001";
    try {
      const refused = await run(["send-messages", DEMO_FILE]);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain("데모 시각으로는 문자를 보내지 않습니다");
    } finally {
      process.env = env;
    }
  }, 60_000);
});

/** The 설정 row (1-based) whose 항목 is `name`. */
function xlsxSettingsRow(host: Awaited<ReturnType<typeof openFile>>, name: string): number {
  const values = host.workbook.sheet("설정")!.readAll();
  const at = values.findIndex((r) => String(r[0]).trim() === name);
  if (at < 0) throw new Error(`설정 has no ${name}`);
  return at + 1;
}
