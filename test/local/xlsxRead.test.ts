/**
 * Reading workbooks safely (issue 15): files other programs wrote, huge or stray ranges in
 * linear time, zip bombs refused, and parts ExcelJS would drop never lost silently.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Cell } from "../../src/app/port";
import { Table } from "../../src/app/table";
import { main } from "../../src/node/cli";
import { MemoryWorkbook } from "../../src/local/memoryWorkbook";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { tab } from "../../src/templates";
import { xlsxRecords } from "./xlsxRecords";

const FIXTURES = join(__dirname, "..", "fixtures");
const NOW = ["--now", "2026-07-06T09:00:00+09:00"];
const folder = () => mkdtempSync(join(tmpdir(), "peach-read-"));

const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  return { code: result.code, text: out.join("\n") };
};

describe("workbooks written by other programs", () => {
  it("a workbook re-saved by openpyxl (pandas) is read, synced and saved with its notes", async () => {
    const file = join(folder(), "orders.xlsx");
    copyFileSync(join(FIXTURES, "resaved-by-openpyxl.xlsx"), file);
    const result = await run("sync", file, ...NOW);
    expect(result).toEqual({ code: 0, text: expect.stringMatching(/정리했습니다: 2줄/) });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const header = book.getWorksheet("주문")!.getRow(1);
    const notes = (header.values as unknown[]).filter((_, c) => header.getCell(c).note).length;
    expect(notes).toBeGreaterThan(0); // the column notes survived the round trip
  });

  it("an import source written by openpyxl, with a note, is imported", async () => {
    const into = join(folder(), "orders.xlsx");
    const result = await run("import", join(FIXTURES, "source-openpyxl.xlsx"), "--into", into, ...NOW);
    expect(result.code).toBe(0);
    expect((await xlsxRecords(into, "주문")).map((r) => r["받는분"])).toEqual(["김하나", "박두리"]);
  });
});

describe("parts ExcelJS would drop", () => {
  it("a workbook with a chart is refused on save with a Korean explanation, and the file is unchanged", async () => {
    const file = join(folder(), "orders.xlsx");
    copyFileSync(join(FIXTURES, "with-chart-openpyxl.xlsx"), file);
    const before = readFileSync(file);
    const result = await run("sync", file, ...NOW);
    expect(result.code).toBe(2);
    expect(result.text).toMatch(/저장할 수 없는 것이 있습니다: 차트.*저장하지 않았습니다/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("names macros, pivot tables and shapes among the parts that would be lost", async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(FIXTURES, "resaved-by-openpyxl.xlsx")));
    zip.file("xl/vbaProject.bin", "x");
    zip.file("xl/pivotTables/pivotTable1.xml", "<pivotTableDefinition/>");
    zip.file(
      "xl/drawings/drawing9.xml",
      '<xdr:wsDr xmlns:xdr="x"><xdr:twoCellAnchor><xdr:sp><xdr:txBody/></xdr:sp></xdr:twoCellAnchor></xdr:wsDr>',
    );
    const file = join(folder(), "orders.xlsx");
    writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const book = await XlsxWorkbook.open(file);
    expect(book.dropped).toEqual(["매크로(VBA)", "피벗 테이블", "도형·텍스트 상자"]);
  });
});

describe("archives that inflate past the limit", () => {
  it("a zip bomb (100 MB of one sheet from a few hundred KB) is refused before it is inflated", async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(FIXTURES, "resaved-by-openpyxl.xlsx")));
    zip.file("xl/worksheets/sheet1.xml", Buffer.alloc(100 * 1024 * 1024, 0x20));
    const file = join(folder(), "bomb.xlsx");
    writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const started = Date.now();
    const result = await run("sync", file, ...NOW);
    expect(result.code).toBe(2);
    expect(result.text).toMatch(/압축을 풀면 10\dMB가 되는 파일이라 열지 않습니다/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("a zip that is not a workbook, and a file that is not a zip, get a Korean message", async () => {
    const dir = folder();
    const zip = new JSZip();
    zip.file("hello.txt", "hi");
    writeFileSync(join(dir, "a.xlsx"), await zip.generateAsync({ type: "nodebuffer" }));
    writeFileSync(join(dir, "b.xlsx"), "not a zip");
    for (const name of ["a.xlsx", "b.xlsx"]) {
      const result = await run("sync", join(dir, name), ...NOW);
      expect(result).toEqual({ code: 2, text: expect.stringMatching(/엑셀 통합 문서\(\.xlsx\)가 아닙니다/) });
    }
  });
});

describe("stray values and huge tabs", () => {
  it("one stray value at XFD1048576 costs linear time and little memory", async () => {
    const file = join(folder(), "orders.xlsx");
    await run("init", file, ...NOW);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    book.getWorksheet("주문")!.getCell("XFD1048576").value = "x";
    book.getWorksheet("이력")!.getCell("XFD3").value = "y";
    await book.xlsx.writeFile(file);
    const started = Date.now();
    const opened = await XlsxWorkbook.open(file);
    const rows = opened.sheet("주문")!.readAll();
    expect(rows).toHaveLength(1_048_576);
    expect(rows[1_048_575]![16_383]).toBe("x");
    expect(rows[5]).toEqual([]); // empty rows hold no cells
    expect(opened.sheet("이력")!.readAll()[2]![16_383]).toBe("y");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a tab of 300,000 rows builds a Table and writes every row back (no spread over rows)", () => {
    const def = tab("events");
    const values = [def.columns.map((c) => c.header)];
    for (let i = 0; i < 300_000; i++) values.push(["2026-07-01", "tony", `${i}`]);
    const table = new Table(def, values);
    for (let r = 0; r < table.rowCount; r++) table.set(r, "detail", `d${r}`);
    const writes: number[] = [];
    table.flush({
      name: def.name,
      readAll: () => values,
      readRow: (row) => values[row - 1] ?? [],
      readRows: (first, count) => values.slice(first - 1, first - 1 + count),
      findRows: () => [],
      lastRow: () => values.length,
      hide: () => {},
      append: () => {},
      write: (row) => writes.push(row),
    });
    expect(table.rowCount).toBe(300_000);
    expect(writes.length).toBeGreaterThan(0);
  });

  it("a memory workbook's tab of 300,000 rows reads whole (no spread over rows)", () => {
    const book = new MemoryWorkbook();
    const rows: Cell[][] = [["시각", "누가", "내용"]];
    for (let i = 0; i < 300_000; i++)
      rows.push(["2026-07-01", "tony", `${i}`, ...(i === 299_998 ? ["넓은 줄"] : [])]);
    const values = book.addSheet("이력", rows).readAll();
    expect(values).toHaveLength(300_001);
    expect(values[299_999]).toEqual(["2026-07-01", "tony", "299998", "넓은 줄"]);
    expect(values[1]).toEqual(["2026-07-01", "tony", "0", ""]);
  });
});
