/**
 * The CLI as people expect: results alone on stdout, one Korean line on stderr and exit 2 for
 * what the person can fix (a date, a port, a file), the file untouched, never a stack trace.
 */
import ExcelJS from "exceljs";
import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ZipFileWriter } from "../../src/local/zipWrite";
import { cliStreams as run } from "./cliStreams";

const NOW = ["--now", "2026-07-13T09:00:00+09:00"];

/** One Korean line, no library words, no stack trace. */
const oneKoreanLine = (text: string) => {
  expect(text.split("\n")).toHaveLength(1);
  expect(text).toMatch(/[가-힣]/);
  expect(text).not.toMatch(/\bat .*:\d+:\d+|Error:|central directory|ENOENT|ENOSPC|EADDRINUSE/);
};

let demo: string;
let demoBytes: Buffer;

beforeAll(async () => {
  demo = join(mkdtempSync(join(tmpdir(), "peach-cli-")), "demo.xlsx");
  expect((await run("init", demo, "--demo")).code).toBe(0);
  demoBytes = readFileSync(demo);
}, 60_000);

const copyOfDemo = () => {
  const path = join(mkdtempSync(join(tmpdir(), "peach-cli-")), "주문.xlsx");
  writeFileSync(path, demoBytes);
  return path;
};

describe("the CLI as people expect", () => {
  it("refuses dates that do not exist instead of printing them as days", async () => {
    for (const date of ["2026-13-45", "2026-02-30", "2026-7-1", "내일"]) {
      const result = await run("today", demo, "--date", date);
      expect({ date, code: result.code, out: result.out }).toEqual({ date, code: 2, out: "" });
      expect(result.err).toMatch(/^--date/);
      expect(result.err).not.toMatch(/13월 45일|2월 30일/);
    }
    expect((await run("today", demo, "--now", "2026-02-30T09:00+09:00")).code).toBe(2);
    expect((await run("export-courier", demo, "--date", "2026-02-30", "--out", "x.xlsx")).code).toBe(2);
    expect(readFileSync(demo).equals(demoBytes)).toBe(true);
  });

  it("keeps stdout for results: sync --json is parseable and errors go to stderr", async () => {
    const file = copyOfDemo();
    const ok = await run("sync", file, "--json", ...NOW);
    expect(ok.code).toBe(0);
    expect(ok.err).toBe("");
    expect(JSON.parse(ok.out)).toHaveProperty("shipments");
    const bad = await run("sync", join(file, "..", "없는파일.xlsx"), "--json");
    expect({ code: bad.code, out: bad.out }).toEqual({ code: 2, out: "" });
    oneKoreanLine(bad.err);
  });

  it("says a busy port in Korean, with another number to try", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
    const port = (blocker.address() as { port: number }).port;
    try {
      for (const command of [
        ["serve", demo],
        ["tools", demo],
      ]) {
        const result = await run(...command, "--port", String(port), ...NOW);
        expect({ code: result.code, out: result.out }).toEqual({ code: 2, out: "" });
        expect(result.err).toBe(
          `${port} 포트를 이미 쓰고 있습니다. --port ${port + 1} 처럼 다른 번호로 실행하세요`,
        );
      }
    } finally {
      blocker.close();
    }
  });

  it("refuses a workbook without 주문, a CSV, a non-xlsx file: one line, exit 2, file untouched", async () => {
    const folder = mkdtempSync(join(tmpdir(), "peach-cli-"));
    const book = new ExcelJS.Workbook();
    book.addWorksheet("Sheet1").addRow(["이름", "연락처"]);
    const tonys = join(folder, "토니.xlsx");
    await book.xlsx.writeFile(tonys);
    const csv = join(folder, "주문.csv");
    writeFileSync(csv, "이름,연락처\n김민수,010-1234-5678\n");
    const text = join(folder, "메모.xlsx");
    writeFileSync(text, "그냥 글입니다");
    for (const [file, expected] of [
      [tonys, /'주문' 탭이 없습니다.*peach-orders import/],
      [csv, /CSV 파일은 통합 문서가 아닙니다.*peach-orders import/],
      [text, /엑셀 통합 문서\(\.xlsx\)가 아닙니다/],
    ] as const) {
      const before = readFileSync(file);
      for (const command of ["sync", "today", "messages"]) {
        const result = await run(command, file, ...NOW);
        expect({ command, code: result.code, out: result.out }).toEqual({ command, code: 2, out: "" });
        expect(result.err).toMatch(expected);
        oneKoreanLine(result.err);
      }
      expect(readFileSync(file).equals(before)).toBe(true);
    }
    const into = await run("import", csv, "--into", tonys, ...NOW);
    expect(into.code).toBe(2);
    expect(into.err).toMatch(/'주문' 탭이 없습니다/);
    expect(readdirSync(folder).sort()).toEqual(["메모.xlsx", "주문.csv", "토니.xlsx"]);
  });

  it("refuses a read-only workbook before any work", async () => {
    const file = copyOfDemo();
    chmodSync(file, 0o444);
    try {
      const result = await run("sync", file, ...NOW);
      expect({ code: result.code, out: result.out }).toEqual({ code: 2, out: "" });
      expect(result.err).toMatch(/읽기 전용/);
      oneKoreanLine(result.err);
      expect(readFileSync(file).equals(demoBytes)).toBe(true);
    } finally {
      chmodSync(file, 0o644);
    }
  });

  it("answers a full disk with one line, the workbook untouched and no temporary file left", async () => {
    const file = copyOfDemo();
    // The disk fills up once the sheets are written, before the archive is finished.
    const full = jest.spyOn(ZipFileWriter.prototype, "finish").mockImplementation(() => {
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), {
        code: "ENOSPC",
        errno: -28,
      });
    });
    try {
      const result = await run("sync", file, ...NOW);
      expect({ code: result.code, out: result.out }).toEqual({ code: 2, out: "" });
      expect(result.err).toBe(
        "디스크 공간이 모자라 주문.xlsx 파일을 저장하지 못했습니다. 파일은 그대로입니다",
      );
    } finally {
      full.mockRestore();
    }
    expect(readFileSync(file).equals(demoBytes)).toBe(true);
    expect(readdirSync(join(file, "..")).filter((f) => f !== "주문.xlsx")).toEqual([]);
  });

  it("import and sync list the rows needing attention (row, column, reason), counting rows", async () => {
    const folder = mkdtempSync(join(tmpdir(), "peach-cli-"));
    const csv = join(folder, "주문.csv");
    writeFileSync(
      csv,
      [
        "주문자,주문자연락처,받는분,받는분연락처,우편번호,주소,품목,상자수",
        "김민수,010-1111-2222,김민수,010-1111-2222,04524,서울특별시 중구 세종대로 110,백도 4.5kg,2",
        "이영희,010-3333-4444,이영희,010-3333-4444,06236,,백도 4.5kg,세 상자",
        "박철수,010-5555-6666,박철수,010-5555-6666,48060,부산광역시 해운대구 1,백도 4.5kg,1",
      ].join("\n"),
    );
    const into = join(folder, "주문.xlsx");
    const imported = await run("import", csv, "--into", into, ...NOW);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(
      /원본 3줄 = 가져온 줄 3 · 이미 있던 줄 0 · .*가져오지 못한 줄 0\n확인이 필요한 줄 1줄/,
    );
    expect(imported.out).toMatch(/\n {2}3행 \(주소\) .+/);
    expect(imported.out).toMatch(/\n {2}3행 \(상자수\) .+/);
    const synced = await run("sync", into, ...NOW);
    expect(synced.out).toMatch(/확인이 필요한 줄 1줄\n/);
    expect(synced.out.match(/^ {2}3행 /gm)).toHaveLength(2);
  });

  it("messages says which orders it left out and why; today shows memos", async () => {
    const file = copyOfDemo();
    const messages = await run("messages", file, ...NOW);
    expect(messages.out).toMatch(
      /메시지에서 뺀 주문 \d+건:\n {2}\d{3}-\d{3} \S+님 \(\d+(, \d+)*행\): 확인이 필요한/,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const orders = book.getWorksheet("주문")!;
    const headers = (orders.getRow(1).values as unknown[]).map(String);
    const listed = await run("today", file, "--date", "2026-07-13", ...NOW);
    const shipped = /^ +\d+\. (\d{3}-\d{3}) /m.exec(listed.out)![1];
    expect(listed.out).not.toContain("문 앞에 놓아 주세요");
    for (let r = 2; r <= orders.rowCount; r++) {
      if (String(orders.getRow(r).getCell(headers.indexOf("주문번호")).value) === shipped)
        orders.getRow(r).getCell(headers.indexOf("메모")).value = "문 앞에 놓아 주세요";
    }
    await book.xlsx.writeFile(file);
    const today = await run("today", file, "--date", "2026-07-13", ...NOW);
    expect(today.code).toBe(0);
    expect(today.out).toContain("      메모: 문 앞에 놓아 주세요");
  });
});
