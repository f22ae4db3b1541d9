/**
 * Issue 23, Tony's second look, on a real .xlsx workbook through the CLI: a memo longer than
 * Excel keeps is cut and its order kept as 확인 필요 (11); numbers are saved as numbers, so
 * Excel's SUM counts them (14); 설정's example counts as filled only when Tony typed it (16);
 * outdated messages withdrawn, missing links explained, 오류's 항목 in Korean (17); the small
 * ones of 19, and the status timeline at the bank's time of a deposit; Ctrl-C (10). The Apps Script twin is test/gas/second23.test.ts.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { helpOf, interruptible, main, parse } from "../../src/node/cli";
import { COMMANDS } from "../../src/node/commands/registry";
import { initFile, openFile } from "../../src/node/files";
import { lookupStatus } from "../../src/app/lookups";
import { sync } from "../../src/app/sync";
import { RECONCILE } from "../../src/local/demo";
import { KAKAO_LAYOUT } from "../scenario/money23";
import { PAYMENT_ORDERS, rowsFor } from "../scenario/paymentOrders";
import { tab } from "../../src/templates";
import { xlsxRecords } from "./xlsxRecords";

const NOW = ["--now", "2026-07-06T09:00:00+09:00"];
const HEADER = "주문자,연락처,받는분,받는분 연락처,우편번호,주소,상자수,합계,메모";
const line = (i: number, boxes = "2", memo = "") =>
  `주문자${i},0101234${1000 + i},받는이${i},0109876${1000 + i},04524,서울특별시 중구 세종대로 ${i + 1},${boxes},"${80 + i},000",${memo}`;

const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  return { code: result.code, text: out.join("\n") };
};

function folder() {
  const dir = mkdtempSync(join(tmpdir(), "peach-second23-"));
  return {
    into: join(dir, "orders.xlsx"),
    file(name: string, content: string) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

/** Each cell of a column of 주문 as ExcelJS reads it from the saved file: its type and value. */
async function cellsOf(path: string, header: string): Promise<{ type: ExcelJS.ValueType; value: unknown }[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.getWorksheet("주문")!;
  const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
  const column = headers.indexOf(header);
  expect(column).toBeGreaterThan(0);
  const out: { type: ExcelJS.ValueType; value: unknown }[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const cell = sheet.getRow(r).getCell(column);
    out.push({ type: cell.type, value: cell.value });
  }
  return out;
}

describe("issue 23 · Tony's second look (.xlsx and CLI)", () => {
  it("11 · a 40,000-character memo keeps its order: cut at Excel's 32,767 characters, 확인 필요 says so", async () => {
    const f = folder();
    const memo = "배송 전에 전화 주세요. ".repeat(3_000).slice(0, 40_000);
    const source = f.file("long.csv", [HEADER, line(1), line(2, "1", memo), line(3)].join("\n"));
    const { code, text } = await run("import", source, "--into", f.into, ...NOW);
    expect(code).toBe(0);
    expect(text).toContain("가져온 줄 3 ·");
    expect(text).toContain("가져오지 못한 줄 0");
    expect(text).toContain(
      "3번째 줄 메모 칸이 40,000자로 엑셀 한 칸 한도(32,767자)를 넘어 앞부분만 가져왔습니다 (확인 필요로 둠)",
    );
    const rows = await xlsxRecords(f.into, "주문");
    expect(rows.map((r) => r["받는분"])).toEqual(["받는이1", "받는이2", "받는이3"]);
    const kept = String(rows[1]!["메모"]);
    expect(kept).toHaveLength(32_767);
    expect(memo.startsWith(kept.slice(0, 32_000))).toBe(true);
    expect(kept).toMatch(/원래 40,000자\)$/);
    expect(String(rows[1]!["확인 필요"])).toContain(
      "메모: 엑셀 한 칸 한도(32,767자)를 넘어 40,000자 중 앞부분만 남겼습니다",
    );
    expect(rows[1]!["합계"]).toBe(40_000); // the order is priced and kept, not refused
    expect(String(rows[0]!["확인 필요"])).toBe("");
    // Tony reads the memo and shortens it: the question goes away.
    const host = await openFile(f.into, new Date("2026-07-06T10:00:00+09:00"));
    const sheet = host.workbook.sheet(tab("orders").name)!;
    const header = sheet.readAll()[0]!.map(String);
    sheet.write(3, header.indexOf("메모") + 1, [["배송 전에 전화 주세요"]]);
    await host.workbook.save();
    expect((await run("sync", f.into, ...NOW)).code).toBe(0);
    expect(String((await xlsxRecords(f.into, "주문"))[1]!["확인 필요"])).toBe("");
  });

  it("14 · numbers are saved as numbers: imported 상자수 and 합계 text, and a 상자수 typed as text", async () => {
    const f = folder();
    const source = f.file("text.csv", [HEADER, line(1, "3"), line(2, " 2 "), line(3, "3상자")].join("\n"));
    expect((await run("import", source, "--into", f.into, ...NOW)).code).toBe(0);
    const boxes = await cellsOf(f.into, "상자수");
    expect(boxes).toEqual([
      { type: ExcelJS.ValueType.Number, value: 3 },
      { type: ExcelJS.ValueType.Number, value: 2 },
      { type: ExcelJS.ValueType.Number, value: 3 },
    ]);
    for (const header of ["상품금액", "배송비", "합계"])
      expect((await cellsOf(f.into, header)).map((c) => c.type)).toEqual(
        Array(3).fill(ExcelJS.ValueType.Number),
      );
    // Tony's own 합계 from the file, kept beside the computed one, is a number too.
    expect(await cellsOf(f.into, "합계 (가져온 값)")).toEqual([
      { type: ExcelJS.ValueType.Number, value: 81_000 },
      { type: ExcelJS.ValueType.Number, value: 82_000 },
      { type: ExcelJS.ValueType.Number, value: 83_000 },
    ]);
    // A 상자수 typed into a text-formatted cell ("4" as text) becomes the number at the next sync.
    const host = await openFile(f.into, new Date("2026-07-06T10:00:00+09:00"));
    const sheet = host.workbook.sheet(tab("orders").name)!;
    const header = sheet.readAll()[0]!.map(String);
    sheet.write(2, header.indexOf("상자수") + 1, [["4"]]);
    await host.workbook.save();
    expect((await cellsOf(f.into, "상자수"))[0]).toEqual({ type: ExcelJS.ValueType.String, value: "4" });
    expect((await run("sync", f.into, ...NOW)).code).toBe(0);
    expect((await cellsOf(f.into, "상자수"))[0]).toEqual({ type: ExcelJS.ValueType.Number, value: 4 });
  });

  it("16 · 설정's example counts as filled only when Tony typed it; otherwise 예시 값 그대로입니다", async () => {
    const f = folder();
    const source = f.file("one.csv", [HEADER, line(1)].join("\n"));
    expect((await run("import", source, "--into", f.into, ...NOW)).code).toBe(0);
    const setPayment = async (value: string, description?: string) => {
      const host = await openFile(f.into, new Date("2026-07-06T10:00:00+09:00"));
      const sheet = host.workbook.sheet("설정")!;
      const row = sheet.readAll().findIndex((r) => r[0] === "입금 안내") + 1;
      sheet.write(row, 2, [[value]]);
      if (description !== undefined) sheet.write(row, 3, [[description]]);
      await host.workbook.save();
    };
    const EXAMPLE = "카카오뱅크 3333-01-2345678 (예금주 토니)";
    // This workbook's 설정 started with 입금 안내 empty: the example there now is Tony's.
    await setPayment(EXAMPLE);
    const typed = await run("messages", f.into, ...NOW);
    expect(typed.text).toContain("3333-01-2345678");
    expect(typed.text).not.toContain("먼저 적어 주세요");
    // A workbook made by the template that wrote the example itself (its shorter 설명).
    await setPayment(EXAMPLE, "입금 요청 메시지와 조회 화면에 나옵니다");
    const left = await run("messages", f.into, ...NOW);
    expect(left.text).toContain("설정의 '입금 안내'는 예시 값 그대로입니다. 실제 값으로 고쳐 주세요");
    expect(left.text).not.toContain("3333-01-2345678");
  });

  it("17 · messages: no 출하 예정 after 발송, why links are missing; 오류's 항목 says 상자수", async () => {
    const f = folder();
    const source = f.file(
      "two.csv",
      [HEADER.replace(",합계", ",입금상태"), line(1).replace(`"81,000"`, "입금완료"), line(2, "많이")].join(
        "\n",
      ),
    );
    expect((await run("import", source, "--into", f.into, ...NOW)).code).toBe(0);
    const first = await run("messages", f.into, ...NOW);
    expect(first.text).toMatch(/· 입금 확인 ━━[\s\S]*출하 예정/);
    expect(first.text).toContain(
      "메시지에 주문 확인 링크가 없습니다: 설정의 '조회 페이지 주소'가 비어 있습니다",
    );
    expect((await run("messages", f.into, "--url", "https://example.com/exec", ...NOW)).text).not.toContain(
      "링크가 없습니다",
    );
    // Shipped before Tony sent the confirmation: it is withdrawn, the shipped message stays.
    const host = await openFile(f.into, new Date("2026-07-07T10:00:00+09:00"));
    const sheet = host.workbook.sheet(tab("orders").name)!;
    const header = sheet.readAll()[0]!.map(String);
    sheet.write(2, header.indexOf("송장번호") + 1, [["521853123456"]]);
    sheet.write(2, header.indexOf("진행상태") + 1, [["발송"]]);
    await host.workbook.save();
    const after = await run("messages", f.into, "--now", "2026-07-07T10:00:00+09:00");
    expect(after.text).toContain("· 발송 안내 ━━");
    expect(after.text).not.toContain("· 입금 확인 ━━");
    expect(after.text).not.toMatch(/출하 예정/);
    const problems = (await xlsxRecords(f.into, "오류")).filter((p) =>
      String(p["문제"]).startsWith("상자수"),
    );
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p["항목"]).toBe("상자수");
  });

  it("19 · particles after file names, --help examples that run as printed, --apply never quietly ignored, one field in import-tracking", async () => {
    const f = folder();
    expect((await run("init", f.into, ...NOW)).code).toBe(0);
    const self = await run("export-courier", f.into, "--date", "2026-07-13", "--out", f.into, ...NOW);
    expect(self.text).toContain("orders.xlsx는 주문 통합 문서 자신입니다");
    expect(self.text).not.toMatch(/xlsx[은이을]/);

    // Every example is `npx peach-orders …` (or npm start) and its arguments parse as printed.
    for (const command of COMMANDS) {
      const examples = helpOf(command).split("예:\n")[1]!.split("\n");
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const words = (
          example
            .trim()
            .split(">")[0]!
            .match(/"[^"]*"|\S+/g) ?? []
        ).map((w) => w.replace(/"/g, ""));
        if (words.join(" ") === "npm start") continue;
        const at = words.indexOf("peach-orders");
        expect(words.slice(at - 1, at + 1)).toEqual(["npx", "peach-orders"]);
        expect(words[at + 1]).toBe(command.name);
        expect(() => parse(command, words.slice(at + 2))).not.toThrow();
      }
    }
    const npx = spawnSync("npx", ["--no-install", "peach-orders", "sync", "--help"], {
      cwd: join(__dirname, "../.."),
      encoding: "utf8",
    });
    expect(npx.status).toBe(0);
    expect(npx.stdout).toContain("사용법: peach-orders sync");

    const bank = f.file("bank.csv", "거래일시,구분,입금액,내용\n2026-07-06 09:00:00,입금,40000,홍길동\n");
    const dry = await run("import-payments", f.into, bank, "--dry-run", "--apply", "2=660-551", ...NOW);
    expect(dry.code).toBe(2);
    expect(dry.text).toContain("--dry-run은 파일을 바꾸지 않으므로 --apply를 반영할 수 없습니다");

    // A courier's result of twenty columns: the line names what it matched on, not every cell.
    const columns = Array.from({ length: 17 }, (_, i) => `열${i + 1}`);
    const result = f.file(
      "cj.csv",
      [
        ["받는분성명", "받는분전화번호", "운송장번호", ...columns].join(","),
        ["없는사람", "010-0000-0000", "600011114444", ...columns.map((c) => `값${c}`)].join(","),
      ].join("\n"),
    );
    const tracking = await run("import-tracking", f.into, result, ...NOW);
    expect(tracking.text).toMatch(/2줄 \(없는사람, 010-0000-0000, 600011114444\): /);
    expect(tracking.text).not.toContain("값열1");
  });

  it("19 · the status timeline shows the bank's time of an imported deposit; a payment marked by hand when marked", async () => {
    const f = folder();
    const host = await initFile(f.into, false, new Date("2026-07-11T20:00:00+09:00"));
    const orders = host.workbook.sheet(tab("orders").name)!;
    const header = orders.readAll()[0]!.map(String);
    orders.append(rowsFor(header, PAYMENT_ORDERS));
    sync(host, RECONCILE);
    await host.workbook.save();
    // 홍길동 paid 660-551 at 09:14 on 12 July; Tony imports the export the next morning.
    const bank = f.file("bank.csv", KAKAO_LAYOUT);
    expect((await run("import-payments", f.into, bank, "--now", "2026-07-13T09:00:00+09:00")).code).toBe(0);
    // And marks 660-552 paid by hand an hour later.
    const tony = await openFile(f.into, new Date("2026-07-13T10:00:00+09:00"));
    const sheet = tony.workbook.sheet(tab("orders").name)!;
    const row = sheet.readAll().findIndex((r) => r[header.indexOf("주문번호")] === "660-552") + 1;
    sheet.write(row, header.indexOf("입금상태") + 1, [["입금완료"]]);
    await tony.workbook.save();
    expect((await run("sync", f.into, "--now", "2026-07-13T10:00:00+09:00")).code).toBe(0);

    const looked = await openFile(f.into, new Date("2026-07-13T10:05:00+09:00"));
    const timeline = (code: string) => {
      const answer = lookupStatus(looked, code, "2222");
      if (!answer.ok) throw new Error(answer.error);
      return answer.view.recipients[0]!.timeline.filter((t) => /입금/.test(t.text));
    };
    expect(timeline("660-551")).toEqual([
      { at: "7월 12일 (일) 오전 9:14", text: "입금 확인" },
      { at: "7월 12일 (일) 오전 9:14", text: "40,000원 입금됨" },
    ]);
    expect(timeline("660-552")).toEqual([{ at: "7월 13일 (월) 오전 10:00", text: "입금 확인" }]);
    // 이력 says it too: the 입금 line of the import names the bank's time, the hand one does not.
    const events = (await xlsxRecords(f.into, "이력")).filter((e) => e["사건"] === "입금");
    expect(events.map((e) => [e["주문번호"], e["내용"]])).toEqual([
      ["660-551", "은행 시각 2026-07-12 09:14"],
      ["123-456", "은행 시각 2026-07-12 11:30"],
      ["660-552", ""],
    ]);
  }, 60_000);

  it("10 · Ctrl-C stops import within a second: exit 130, the workbook unchanged, no lock or temporary left", async () => {
    const dir = mkdtempSync(join(tmpdir(), "peach-ctrlc-"));
    const into = join(dir, "orders.xlsx");
    expect((await run("init", into, ...NOW)).code).toBe(0);
    const before = readFileSync(into);
    const source = join(dir, "many.csv");
    const root = join(__dirname, "../..");
    expect(
      spawnSync(process.execPath, [join(root, "scripts/make-import-source.mjs"), "3000", source]).status,
    ).toBe(0);
    expect(interruptible(["import", source, "--into", into])).toEqual({ path: into });
    expect(interruptible(["sync", "--now", "2026-07-06T09:00:00+09:00", into])).toEqual({ path: into });
    expect(interruptible(["today", into])).toBeNull();
    const child = spawn(
      process.execPath,
      [join(root, "bin/peach-orders.js"), "import", source, "--into", into, ...NOW],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.on("exit", (code) => resolve({ code, at: Date.now() })),
    );
    // Stopped while it works on the workbook: it holds the lock.
    while (!existsSync(`${into}.lock`)) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    const sent = Date.now();
    child.kill("SIGINT");
    const { code, at } = await exited;
    expect(at - sent).toBeLessThan(1_000);
    expect(code).toBe(130);
    expect(stderr).toContain("중단했습니다: 파일은 바뀌지 않았습니다");
    expect(readFileSync(into).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["many.csv", "orders.xlsx"]);
    expect((await run("sync", into, ...NOW)).code).toBe(0);
  }, 120_000);
});
