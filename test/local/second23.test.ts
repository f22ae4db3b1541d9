/**
 * Issue 23, Tony's second look, on a real .xlsx workbook through the CLI: a memo longer than
 * Excel keeps is cut and its order kept as 확인 필요 (11); numbers are saved as numbers, so
 * Excel's SUM counts them (14). The Apps Script twin is test/gas/second23.test.ts.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { main } from "../../src/node/cli";
import { openFile } from "../../src/node/files";
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
});
