/**
 * Workbooks other writers make (openpyxl, LibreOffice, Korean Excel, hand-made XML), read and
 * saved part by part (issue 15: nothing Tony has is lost or silently changed).
 */
import ExcelJS from "exceljs";
import type { Cell } from "../../src/app/port";
import { readFileSync, writeFileSync } from "node:fs";
import { shiftFormula } from "../../src/local/sheetXml";
import { XlsxWorkbook } from "../../src/local/xlsx";
import { zipEntries } from "../../src/local/xlsxParts";
import { cliStreams } from "./cliStreams";
import { STYLES, handBuiltXlsx, sheetXml } from "./xlsxHostileHelpers";

const xf = (id: number) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"/>`;
const oneSheet = (rows: string) => handBuiltXlsx({ sheets: [{ name: "S", xml: sheetXml(rows) }] });
const read = async (file: string, tab = "S"): Promise<Cell[][]> =>
  (await XlsxWorkbook.open(file)).sheet(tab)!.readAll();
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

describe("text as other writers encode it", () => {
  it("decodes entities, character references and xml:space as written", async () => {
    const file = await oneSheet(
      '<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> &amp;&#x1F351;&#12354; </t></is></c></row>',
    );
    expect(await read(file)).toEqual([[" &🍑あ "]]);
  });

  it("never expands a DOCTYPE's own entities (billion laughs): the text stays as written", async () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      sheetXml(`<row r="1">${inline("A1", "&b;")}</row>`).replace(/^<\?xml[^>]*>/, "");
    const file = await handBuiltXlsx({ sheets: [{ name: "S", xml }] });
    expect(await read(file)).toEqual([["&b;"]]);
  });

  it("reads a character reference past Unicode as � instead of failing", async () => {
    const file = await oneSheet(`<row r="1">${inline("A1", "a&#x110000;b")}</row>`);
    expect(await read(file)).toEqual([["a\ufffdb"]]);
  });

  it("takes a CDATA section's text as it stands", async () => {
    const file = await oneSheet(`<row r="1">${inline("A1", "<![CDATA[a&amp;b<c]]>&amp;")}</row>`);
    expect(await read(file)).toEqual([["a&amp;b<c&"]]);
  });

  it("joins rich-text runs and leaves out phonetic guides", async () => {
    const file = await handBuiltXlsx({
      sheets: [
        {
          name: "S",
          xml: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'),
        },
      ],
      shared:
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><rPr><b/></rPr><t>복</t></r><r><t xml:space="preserve"> 숭아</t></r></si><si><t>x</t><rPh sb="0" eb="1"><t>ふ</t></rPh></si></sst>',
    });
    expect(await read(file)).toEqual([["복 숭아", "x"]]);
  });

  it("reads a sheet whose elements carry a namespace prefix", async () => {
    const xml =
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>hi</x:t></x:is></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    expect(await read(await handBuiltXlsx({ sheets: [{ name: "S", xml }] }))).toEqual([["hi", 2]]);
  });
});

describe("cells as other writers lay them out", () => {
  it("reads rows and cells without references (openpyxl), booleans and errors", async () => {
    const file = await oneSheet(
      '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row><row><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c></row>',
    );
    expect(await read(file)).toEqual([
      ["a", 1],
      [true, "#N/A"],
    ]);
  });

  it("keeps a cell without a reference in its column when a cell before it is cleared", async () => {
    const file = await oneSheet(
      `<row>${["a", "b", "c"].map((t) => `<c t="inlineStr"><is><t>${t}</t></is></c>`).join("")}</row>`,
    );
    const book = await XlsxWorkbook.open(file);
    book.sheet("S")!.write(1, 2, [[""]]);
    await book.save();
    expect(await read(file)).toEqual([["a", "", "c"]]);
    const excel = new ExcelJS.Workbook();
    await excel.xlsx.readFile(file);
    expect(excel.getWorksheet("S")!.getCell("C1").value).toBe("c");
  });

  it("reads the last cell Excel allows (XFD1048576)", async () => {
    const rows = await read(await oneSheet('<row r="1048576"><c r="XFD1048576"><v>7</v></c></row>'));
    expect(rows).toHaveLength(1_048_576);
    expect(rows[1_048_575]![16_383]).toBe(7);
  });
});

describe("dates", () => {
  it("reads a date in Korean Excel's built-in 년 월 일 format (numFmtId 31, no code in styles.xml)", async () => {
    const file = await handBuiltXlsx({
      sheets: [
        {
          name: "S",
          xml: sheetXml('<row r="1"><c r="A1" s="1"><v>46000</v></c><c r="B1" s="2"><v>0.5</v></c></row>'),
        },
      ],
      styles: STYLES("", xf(0) + xf(31) + xf(32)),
    });
    const [[date, time]] = (await read(file)) as [[Date, Date]];
    expect(date).toBeInstanceOf(Date);
    expect(date.toISOString()).toBe("2025-12-08T15:00:00.000Z"); // 2025-12-09 in Seoul
    expect(time).toBeInstanceOf(Date);
  });

  it("reads the 1904 date system through a custom format", async () => {
    const file = await handBuiltXlsx({
      workbookPr: '<workbookPr date1904="1"/>',
      sheets: [{ name: "S", xml: sheetXml('<row r="1"><c r="A1" s="1"><v>44538</v></c></row>') }],
      styles: STYLES(
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;년&quot; m&quot;월&quot;"/></numFmts>',
        xf(0) + xf(164),
      ),
    });
    expect(((await read(file))[0]![0] as Date).toISOString()).toBe("2025-12-08T15:00:00.000Z");
  });

  it("writes a date into a workbook without a styles part so it reads back as a date", async () => {
    const file = await oneSheet('<row r="1"><c r="A1"><v>1</v></c></row>');
    const book = await XlsxWorkbook.open(file);
    const when = new Date("2026-07-01T09:30:00+09:00");
    book.sheet("S")!.write(2, 1, [[when]]);
    await book.save();
    expect(await read(file)).toEqual([[1], [when]]);
    const excel = new ExcelJS.Workbook();
    await excel.xlsx.readFile(file);
    expect(excel.getWorksheet("S")!.getCell("A2").value).toBeInstanceOf(Date);
  });
});

describe("tabs", () => {
  it("keeps sheet names with XML-special characters, old and new", async () => {
    const file = await handBuiltXlsx({
      sheets: [
        {
          name: "A &amp; B &lt;x&gt; &quot;q&quot;",
          xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>'),
        },
      ],
    });
    const book = await XlsxWorkbook.open(file);
    book.book.addSheet('새 "탭" & <b>').write(1, 1, [["z"]]);
    await book.save();
    const names = ['A & B <x> "q"', '새 "탭" & <b>'];
    expect((await XlsxWorkbook.open(file)).book.sheets.map((s) => s.name)).toEqual(names);
    const excel = new ExcelJS.Workbook();
    await excel.xlsx.readFile(file);
    expect(excel.worksheets.map((w) => w.name)).toEqual(names);
  });
});

describe("damaged archives", () => {
  it("refuses an archive holding two parts under one name, with one Korean line and the file untouched", async () => {
    // A second, empty 주문 sheet stored as sheetX.xml, then renamed in place to sheet1.xml
    // (same length: offsets and checksums stay right, only the name is doubled).
    const file = await handBuiltXlsx({
      sheets: [{ name: "S", xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>') }],
      extra: { "xl/worksheets/sheetX.xml": sheetXml("") },
    });
    const doubled = Buffer.from(
      readFileSync(file)
        .toString("latin1")
        .split("xl/worksheets/sheetX.xml")
        .join("xl/worksheets/sheet1.xml"),
      "latin1",
    );
    writeFileSync(file, doubled);
    expect(zipEntries(doubled)!.filter((e) => e.name === "xl/worksheets/sheet1.xml")).toHaveLength(2);
    await expect(XlsxWorkbook.open(file)).rejects.toThrow(
      /같은 이름의 부분\(xl\/worksheets\/sheet1\.xml\)이 두 번/,
    );
    const { code, err } = await cliStreams("sync", file);
    expect(code).toBe(2);
    expect(err).toMatch(/^엑셀 파일 안에 같은 이름의 부분/);
    expect(err.split("\n")).toHaveLength(1);
    expect(readFileSync(file)).toEqual(doubled);
  });
});

describe("formulas filled down (shared formulas)", () => {
  it("moves relative references as Excel's fill does, leaving $, strings, sheet names and functions alone", () => {
    expect(shiftFormula("A1*2+$B$1+C$1+$D1", 2, 1)).toBe("B3*2+$B$1+D$1+$D3");
    expect(shiftFormula("IF(A1=\"A1\",LOG10(B1),'A1 sheet'!C1)", 1, 0)).toBe(
      "IF(A2=\"A1\",LOG10(B2),'A1 sheet'!C2)",
    );
    expect(shiftFormula("SUM(A1:A3)", -1, 0)).toBe("SUM(#REF!:A2)");
  });

  it("gives the cells below their own formula when the first cell of a filled-down formula is written over", async () => {
    const file = await oneSheet(
      '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:C3" si="0">A1*2</f><v>2</v></c><c r="C1"><f t="shared" si="0"/><v>4</v></c></row>' +
        '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>4</v></c></row>' +
        '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>6</v></c></row>',
    );
    const book = await XlsxWorkbook.open(file);
    book.sheet("S")!.write(1, 2, [["x"]]);
    await book.save();
    expect(await read(file)).toEqual([
      [1, "x", 4],
      [2, 4],
      [3, 6],
    ]);
    const excel = new ExcelJS.Workbook();
    await excel.xlsx.readFile(file);
    const sheet = excel.getWorksheet("S")!;
    expect(sheet.getCell("B1").value).toBe("x");
    expect(sheet.getCell("C1").value).toEqual({ formula: "B1*2", result: 4 });
    expect(sheet.getCell("B2").value).toEqual({ formula: "A2*2", result: 4 });
    expect(sheet.getCell("B3").value).toEqual({ formula: "A3*2", result: 6 });
  });
});

describe("rows as other writers mark them", () => {
  it("reads a row number written in single quotes", async () => {
    const file = await oneSheet(`<row r='3'>${inline("A3", "c")}</row>`);
    expect(await read(file)).toEqual([[], [], ["c"]]);
  });

  it("refuses a sheet whose row is cut short instead of skipping the rows after it", async () => {
    const file = await oneSheet(`<row r="1">${inline("A1", "a")}<row r="2">${inline("A2", "b")}</row>`);
    const { code, err } = await cliStreams("import", file, "--into", `${file}.orders.xlsx`);
    expect(code).toBe(2);
    expect(err).toMatch(/^엑셀 파일의 시트 내용이 1행에서 끊겨 있어 읽을 수 없습니다/);
    expect(err.split("\n")).toHaveLength(1);
  });
});

describe("references past Excel's grid", () => {
  it.each([
    ["a row past 1,048,576", `<row r="4000000000">${inline("A4000000000", "x")}</row>`],
    ["a column past XFD", `<row r="1">${inline("ZZZZZZ1", "x")}</row>`],
  ])("refuses %s at once instead of filling memory", async (_, rows) => {
    const file = await oneSheet(rows);
    const started = Date.now();
    const { code, err } = await cliStreams("import", file, "--into", `${file}.orders.xlsx`);
    expect(code).toBe(2);
    expect(err).toMatch(/^엑셀 파일의 시트에 엑셀이 담을 수 없는 위치/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
