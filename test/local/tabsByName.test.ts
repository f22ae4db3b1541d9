/**
 * On an .xlsx workbook: a deleted 이력, 오류 or 출하 일정 is made again by the next sync and the
 * fact logged, formatted as 탭 만들기 / 고치기 makes it; after Tony reordered the columns of 이력,
 * new lines land under the right headers.
 */
import ExcelJS from "exceljs";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initFile } from "../../src/node/files";
import { TABS, tab } from "../../src/templates";
import { cliStreams } from "./cliStreams";
import { xlsxRecords } from "./xlsxRecords";

async function demoFile(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), "peach-tabs-")), "주문.xlsx");
  await initFile(file, true, new Date("2026-07-13T10:30:00+09:00"));
  return file;
}

async function changeBook(file: string, change: (book: ExcelJS.Workbook) => void): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  change(book);
  await book.xlsx.writeFile(file);
}

/** What setup gives a tab, column by column: the look a recreated tab must have too. */
function lookOf(book: ExcelJS.Workbook, name: string) {
  const def = TABS.find((t) => t.name === name)!;
  const sheet = book.getWorksheet(name)!;
  const validations = (sheet as unknown as { dataValidations: { find(a: string): unknown } }).dataValidations;
  return {
    frozen: sheet.views[0]?.state === "frozen" ? sheet.views[0].ySplit : 0,
    columns: def.columns.map((c, i) => {
      const column = sheet.getColumn(i + 1);
      const header = sheet.getRow(def.headerRow).getCell(i + 1);
      return {
        header: header.value,
        bold: header.font?.bold ?? false,
        width: column.width,
        hidden: column.hidden,
        numFmt: column.numFmt ?? "",
        validation: validations.find(`${column.letter}${def.headerRow + 1}`) ?? null,
      };
    }),
  };
}

async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

describe("tabs by name, columns by header (local workbook)", () => {
  it("a deleted 출하 일정 is made again by sync with every season day, and 이력 says so", async () => {
    const file = await demoFile();
    const before = await xlsxRecords(file, "출하 일정");
    await changeBook(file, (book) => book.removeWorksheet(book.getWorksheet("출하 일정")!.id));
    expect((await cliStreams("sync", file, "--now", "2026-07-13T11:00:00+09:00")).code).toBe(0);
    const days = await xlsxRecords(file, "출하 일정");
    // Every season day again, in order (the demo's tab held exactly the season's days).
    expect(before.length).toBeGreaterThan(20);
    expect(days.map((d) => d["날짜"])).toEqual(before.map((d) => d["날짜"]));
    days.forEach((day, i) => {
      expect((day["날짜"] as Date).getTime() - (days[0]!["날짜"] as Date).getTime()).toBe(i * 86_400_000);
      expect(day["요일"]).toBe(before[i]!["요일"]);
      expect(typeof day["남음"]).toBe("number");
    });
    // The boxes given to days before the tab was deleted are shown again, day by day.
    const assigned = (rows: Record<string, unknown>[]) => rows.map((r) => r["배정"]);
    expect(assigned(days)).toEqual(assigned(before));
    const events = await xlsxRecords(file, "이력");
    expect(events.filter((e) => e["사건"] === "탭 다시 만듦").map((e) => e["이후"])).toEqual(["출하 일정"]);
  });

  it("a tab sync makes again has setup's formats: text and date formats, tick boxes, dropdowns, bold header, hidden columns", async () => {
    const file = await demoFile();
    const original = join(file, "..", "원본.xlsx");
    copyFileSync(file, original);
    const names = [tab("events"), tab("problems"), tab("schedule"), tab("today")].map((t) => t.name);
    await changeBook(file, (book) => {
      for (const name of names) book.removeWorksheet(book.getWorksheet(name)!.id);
    });
    expect((await cliStreams("sync", file, "--now", "2026-07-13T11:00:00+09:00")).code).toBe(0);
    const [made, setUp] = [await readBook(file), await readBook(original)];
    for (const name of names) expect(lookOf(made, name)).toEqual(lookOf(setUp, name));
    // Not two empty looks compared: what setup gives is there.
    const events = lookOf(made, "이력").columns;
    expect(events[2]).toMatchObject({ header: "주문번호", numFmt: "@", bold: true });
    const problems = lookOf(made, "오류").columns;
    expect(problems.find((c) => c.header === "해결됨")!.validation).toMatchObject({ type: "list" });
    expect(problems.find((c) => c.header === "문제ID")!.hidden).toBe(true);
    expect(lookOf(made, "출하 일정").columns[0]).toMatchObject({ header: "날짜", numFmt: "yyyy-mm-dd" });
    expect(lookOf(made, "오늘 출하").frozen).toBe(2);
  });

  it("a deleted 이력 and 오류 are made again by sync, and 이력 says so", async () => {
    const file = await demoFile();
    await changeBook(file, (book) => {
      for (const name of ["이력", "오류"]) book.removeWorksheet(book.getWorksheet(name)!.id);
    });
    expect((await cliStreams("sync", file, "--now", "2026-07-13T11:00:00+09:00")).code).toBe(0);
    const events = await xlsxRecords(file, "이력");
    expect(events.filter((e) => e["사건"] === "탭 다시 만듦").map((e) => e["이후"])).toEqual(
      expect.arrayContaining(["이력", "오류"]),
    );
    const problems = await xlsxRecords(file, "오류");
    expect(problems.length).toBeGreaterThan(0); // the demo's open problems are listed again
  });

  it("after 이력's columns were reordered, new lines land under the right headers", async () => {
    const file = await demoFile();
    await changeBook(file, (book) => {
      const sheet = book.getWorksheet("이력")!;
      const width = sheet.columnCount;
      sheet.eachRow((row) => {
        const values = Array.from({ length: width }, (_, c) => row.getCell(c + 1).value);
        values.reverse().forEach((v, c) => (row.getCell(c + 1).value = v));
      });
    });
    const before = (await xlsxRecords(file, "이력")).length;
    const folder = join(file, "..");
    const csv = join(folder, "new.csv");
    writeFileSync(
      csv,
      "주문자,주문자 연락처,받는분,받는분 연락처,주소,품목,상자수\n새손님,010-2222-3333,새손님,010-2222-3333,서울특별시 강남구 테헤란로 2,백도 4.5kg,1\n",
    );
    expect((await cliStreams("import", csv, "--into", file, "--now", "2026-07-13T11:00:00+09:00")).code).toBe(
      0,
    );
    const added = (await xlsxRecords(file, "이력")).slice(before);
    expect(added.some((e) => e["사건"] === "접수")).toBe(true);
    for (const e of added) {
      expect(e["시각"]).toBeInstanceOf(Date);
      expect(["토니", "투투", "스크립트", "고객"]).toContain(e["누가"]);
    }
  });
});
