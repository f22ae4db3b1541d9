/**
 * The workbook read and saved part by part (issue 15, memory): what a save does not change is
 * copied byte for byte, a changed row keeps the cells that did not change (formulas, formats),
 * and every value comes back as it was written.
 */
import ExcelJS from "exceljs";
import fc from "fast-check";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Cell } from "../../src/app/port";
import { MemoryWorkbook } from "../../src/local/memoryWorkbook";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { zipEntries } from "../../src/local/xlsxParts";
import { main } from "../../src/node/cli";

const NOW = ["--now", "2026-07-11T09:00:00+09:00"];
const folder = () => mkdtempSync(join(tmpdir(), "peach-book-"));
const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  return { code: result.code, text: out.join("\n") };
};

/** A new workbook with one order Tony typed, a formula of his own and a red header. */
async function tonysWorkbook(): Promise<{ file: string; extra: number }> {
  const file = join(folder(), "orders.xlsx");
  expect((await run("init", file, ...NOW)).code).toBe(0);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const orders = book.getWorksheet("주문")!;
  const headers = (orders.getRow(1).values as unknown[]).slice(1).map(String);
  const input: Record<string, ExcelJS.CellValue> = {
    주문자: "김민수",
    "주문자 연락처": "010-1111-2222",
    받는분: "김민수",
    "받는분 연락처": "010-1111-2222",
    주소: "서울특별시 강남구 테헤란로 1",
    품목: "백도 4.5kg",
    상자수: 3,
    입금상태: "입금완료",
  };
  headers.forEach((h, i) => {
    if (h in input) orders.getCell(2, i + 1).value = input[h]!;
  });
  const extra = headers.length + 1;
  orders.getCell(1, extra).value = "상자 두 배";
  orders.getCell(2, extra).value = {
    formula: `${orders.getColumn(headers.indexOf("상자수") + 1).letter}2*2`,
    result: 6,
  };
  orders.getCell(1, 1).font = { bold: true, color: { argb: "FFFF0000" } };
  book.addWorksheet("토니 메모장").getCell("B2").value = "택배 단가";
  await book.xlsx.writeFile(file);
  return { file, extra };
}

describe("a workbook saved part by part", () => {
  it("copies every part the save does not change byte for byte, and keeps Tony's formula and format", async () => {
    const { file, extra } = await tonysWorkbook();
    const before = readFileSync(file);
    const beforeEntries = new Map(zipEntries(before)!.map((e) => [e.name, e.crc]));
    expect((await run("sync", file, ...NOW)).code).toBe(0);

    const after = readFileSync(file);
    const changed = zipEntries(after)!
      .filter((e) => beforeEntries.get(e.name) !== e.crc)
      .map((e) => e.name)
      .sort();
    // 주문 (codes, amounts, status), 출하 일정, 이력 and 오류 changed; the notes, the theme,
    // Tony's own tab and the document properties did not.
    expect(changed).not.toContain("xl/theme/theme1.xml");
    expect(changed.filter((n) => /^xl\/(comments|drawings)/.test(n))).toEqual([]);
    expect(changed.every((n) => /^xl\/worksheets\/sheet\d+\.xml$|^xl\/styles\.xml$/.test(n))).toBe(true);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const orders = book.getWorksheet("주문")!;
    expect(orders.getCell(2, extra).value).toMatchObject({ formula: expect.stringMatching(/2\*2$/) });
    expect(orders.getCell(1, 1).font?.color?.argb).toBe("FFFF0000");
    expect(book.getWorksheet("토니 메모장")!.getCell("B2").value).toBe("택배 단가");
    const headers = (orders.getRow(1).values as unknown[]).slice(1).map(String);
    expect(orders.getCell(2, headers.indexOf("합계") + 1).value).toBe(115000);
    expect(orders.getCell(2, headers.indexOf("진행상태") + 1).value).toBe("출하예정");
  });

  it("reads back every kind of value exactly as written, in our reader and in ExcelJS", async () => {
    const { file } = await tonysWorkbook();
    const values: Cell[] = [
      "A & B <tag> \"quoted\" 'single'",
      "  leading and trailing  ",
      "_x0041_ stays literal",
      "줄\n바꿈\t탭",
      "bell\u0007 and nul\u0000",
      "🍑 복숭아",
      "=SUM(A1:A2)",
      12345.678,
      -0.5,
      true,
      false,
      new Date("2026-07-13T00:00:00+09:00"),
      new Date("2026-07-13T15:45:00+09:00"),
    ];
    const workbook = await XlsxWorkbook.open(file);
    workbook.sheet("토니 메모장")!.write(3, 1, [values]);
    workbook.sheet("설정")!.append([["메모", "끝", new Date("2026-08-01T09:00:00+09:00")]]);
    await workbook.save();

    const reopened = await XlsxWorkbook.open(file);
    const row = reopened.sheet("토니 메모장")!.readAll()[2]!;
    expect(row).toEqual(values);
    expect(reopened.sheet("토니 메모장")!.readAll()[1]).toEqual(["", "택배 단가"]);
    const settings = reopened.sheet("설정")!.readAll();
    expect(settings[settings.length - 1]).toEqual(["메모", "끝", new Date("2026-08-01T09:00:00+09:00")]);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet("토니 메모장")!;
    expect(sheet.getCell("A3").value).toBe(values[0]);
    // Excel reads `_x005F_` as the underscore (OOXML's escape for strings, ST_Xstring); ExcelJS leaves inline text undecoded.
    expect(sheet.getCell("C3").value).toBe("_x005F_x0041_ stays literal");
    expect(sheet.getCell("G3").value).toBe("=SUM(A1:A2)"); // text, never a formula
    expect(sheet.getCell("H3").value).toBe(12345.678);
    expect(sheet.getCell("J3").value).toBe(true);
    // A date in a General cell gets a date format: Seoul wall-clock time in the file.
    expect(sheet.getCell("M3").value).toEqual(new Date("2026-07-13T15:45:00Z"));
    expect(sheet.getCell("M3").numFmt).toBe("yyyy-mm-dd hh:mm");
  });

  it("a tab added by the script is listed in the workbook and readable by others", async () => {
    const { file } = await tonysWorkbook();
    const workbook = await XlsxWorkbook.open(file);
    const added = workbook.book.addSheet("이력 2025");
    added.write(1, 1, [
      ["시각", "누가"],
      [new Date("2025-07-01T09:00:00+09:00"), "토니"],
    ]);
    await workbook.save();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => s.name)).toContain("이력 2025");
    expect(book.getWorksheet("이력 2025")!.getCell("B2").value).toBe("토니");
    expect(book.getWorksheet("이력 2025")!.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect((await XlsxWorkbook.open(file)).sheet("이력 2025")!.readAll()).toEqual([
      ["시각", "누가"],
      [new Date("2025-07-01T09:00:00+09:00"), "토니"],
    ]);
  });

  it("appending to a tab reads none of its rows, and a damaged part is refused in Korean", async () => {
    const { file } = await tonysWorkbook();
    const workbook = await XlsxWorkbook.open(file);
    const events = workbook.sheet("이력")!;
    events.append([[new Date("2026-07-11T09:00:00+09:00"), "토니", "", "", "메모"]]);
    events.append([[new Date("2026-07-11T09:01:00+09:00"), "토니", "", "", "메모 2"]]);
    await workbook.save();
    const rows = (await XlsxWorkbook.open(file)).sheet("이력")!.readAll();
    expect(rows.slice(-2).map((r) => r[4])).toEqual(["메모", "메모 2"]);

    // A sheet whose compressed bytes were damaged: found when it is read, said in one line.
    const bytes = readFileSync(file);
    const sheet = zipEntries(bytes)!.find((e) => e.name === "xl/worksheets/sheet1.xml")!;
    const dataAt =
      sheet.offset + 30 + bytes.readUInt16LE(sheet.offset + 26) + bytes.readUInt16LE(sheet.offset + 28);
    bytes.fill(0xff, dataAt + 10, dataAt + 60);
    const broken = join(folder(), "broken.xlsx");
    writeFileSync(broken, bytes);
    const result = await run("sync", broken, ...NOW);
    expect(result.code).toBe(2);
    expect(result.text).toMatch(/^엑셀 파일의 .*읽을 수 없습니다$/);
  });

  it("reads some rows and finds rows by text the same before and after the tab is read whole", async () => {
    const { file } = await tonysWorkbook();
    const workbook = await XlsxWorkbook.open(file);
    const memo = workbook.sheet("토니 메모장")!;
    memo.write(4, 1, [
      ["A-1", 7],
      ["B-2", "x"],
    ]);
    memo.append([["A-1", new Date("2026-07-13T00:00:00+09:00")]]);
    const before = {
      rows: memo.readRows(2, 10, 3),
      found: memo.findRows(1, "A-1", 1),
      number: memo.findRows(2, "7", 1),
      header: memo.readRow(2),
    };
    expect(before).toEqual({
      rows: [
        ["", "택배 단가", ""],
        ["", "", ""],
        ["A-1", 7, ""],
        ["B-2", "x", ""],
        ["A-1", expect.any(Date), ""],
      ],
      found: [4, 6],
      number: [4],
      header: ["", "택배 단가"],
    });
    memo.readAll();
    expect({
      rows: memo.readRows(2, 10, 3),
      found: memo.findRows(1, "A-1", 1),
      number: memo.findRows(2, "7", 1),
      header: memo.readRow(2),
    }).toEqual(before);
    expect(memo.findRows(1, "A-1", 5)).toEqual([6]);
    expect(memo.findRows(1, "", 1)).toEqual([]);
  });

  it("any writes and appends, before or after a tab is read, come back from the saved file as written (property)", async () => {
    const base = join(folder(), "base.xlsx");
    const made = await XlsxWorkbook.create(base, "2026-07-11");
    // A tab without column formats: a number in a date-formatted column reads back as a date,
    // in Excel as here, which a plain list of values cannot model.
    made.book.addSheet("메모").write(1, 1, [["메모", "값"], ["첫 줄", 1], [], ["넷째 줄", true]]);
    await made.save();
    const value = fc.oneof(
      fc.constant(""),
      fc.string({ unit: "grapheme", maxLength: 12 }),
      fc.constantFrom(" 앞뒤 공백 ", "a&b<c>", "_x000D_", "줄\r\n바꿈", "\u0001", "=1+1", "0012"),
      fc.integer({ min: -1e9, max: 1e9 }),
      // A cell keeps no negative zero (Excel and Sheets show and store -0 as 0).
      fc
        .double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
        .map((v) => (Object.is(v, -0) ? 0 : v)),
      fc.boolean(),
      fc.date({
        min: new Date("2000-01-01T00:00:00Z"),
        max: new Date("2099-12-31T00:00:00Z"),
        noInvalidDate: true,
      }),
    );
    const block = fc.array(fc.array(value, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 });
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("write" as const),
        row: fc.integer({ min: 1, max: 40 }),
        column: fc.integer({ min: 1, max: 8 }),
        values: block,
      }),
      fc.record({ kind: fc.constant("append" as const), values: block }),
      fc.record({ kind: fc.constant("read" as const) }),
    );
    /** Rows as a reader sees them: trailing blanks and blank rows at the end left out. */
    const trimmed = (rows: Cell[][]) => {
      const out = rows.map((row) => {
        const r = [...row];
        while (r.length > 0 && r[r.length - 1] === "") r.pop();
        return r;
      });
      while (out.length > 0 && out[out.length - 1]!.length === 0) out.pop();
      return out;
    };
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 6 }), fc.constant("메모"), async (ops, tabName) => {
        const file = join(folder(), "p.xlsx");
        writeFileSync(file, readFileSync(base));
        const workbook = await XlsxWorkbook.open(file);
        const sheet = workbook.sheet(tabName)!;
        const model = new MemoryWorkbook().addSheet(
          tabName,
          (await XlsxWorkbook.open(file)).sheet(tabName)!.readAll(),
        );
        for (const o of ops) {
          if (o.kind === "write") {
            sheet.write(o.row, o.column, o.values);
            model.write(o.row, o.column, o.values);
          } else if (o.kind === "append") {
            sheet.append(o.values);
            model.append(o.values);
          } else {
            expect(trimmed(sheet.readAll())).toEqual(trimmed(model.readAll()));
          }
        }
        await workbook.save();
        const saved = (await XlsxWorkbook.open(file)).sheet(tabName)!.readAll();
        expect(trimmed(saved)).toEqual(trimmed(model.readAll()));
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
