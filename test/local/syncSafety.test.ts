/**
 * The reconcile pass on a workbook Tony edited by hand (issue 15): rows typed or pasted into
 * 주문 and cells typed into 설정 and 출하 일정 are never silently changed or merged.
 */
import ExcelJS from "exceljs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/node/cli";
import { xlsxRecords } from "./xlsxRecords";
import { handTypedOrder as order } from "../scenario/handTyped";

const NOW = ["--now", "2026-07-13T11:00:00+09:00"];
const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  return { code: result.code, text: out.join("\n") };
};

/** A new workbook with rows typed into 주문 (by header), and edits to other tabs. */
async function workbook(
  rows: Record<string, unknown>[],
  edit: (book: ExcelJS.Workbook) => void = () => {},
): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), "peach-sync-")), "orders.xlsx");
  await run("init", file, ...NOW);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet("주문")!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  rows.forEach((row, i) => {
    for (const [header, value] of Object.entries(row))
      sheet.getRow(i + 2).getCell(headers.indexOf(header)).value = value as ExcelJS.CellValue;
  });
  edit(book);
  await book.xlsx.writeFile(file);
  return file;
}

describe("rows typed into 주문", () => {
  it("rows with a blank 주문자 next to each other are separate orders", async () => {
    const file = await workbook([order(""), order("")]);
    await run("sync", file, ...NOW);
    const rows = await xlsxRecords(file, "주문");
    expect(rows[0]!["주문번호"]).not.toBe(rows[1]!["주문번호"]);
  });

  it("a row pasted with 진행상태 발송 gets its status events in 이력", async () => {
    const file = await workbook([order("김토니", { 진행상태: "발송", 송장번호: "123456789012" })]);
    await run("sync", file, ...NOW);
    const events = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "상태");
    expect(events.map((e) => e["이후"])).toEqual(expect.arrayContaining(["수확", "포장", "발송"]));
    expect((await xlsxRecords(file, "주문"))[0]!["진행상태"]).toBe("발송");
  });

  it("3상자, 3 박스 and 4box become one number, written back and logged", async () => {
    const file = await workbook([
      order("가", { 상자수: "3상자" }),
      order("나", { 상자수: "3 박스", 주소: "부산광역시 해운대구 해운대로 2" }),
      order("다", { 상자수: "4box", 주소: "대구광역시 중구 동성로 3" }),
    ]);
    await run("sync", file, ...NOW);
    const rows = await xlsxRecords(file, "주문");
    expect(rows.map((r) => r["상자수"])).toEqual([3, 3, 4]);
    const logged = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "상자수 정리");
    expect(logged.map((e) => e["이전"])).toEqual(["3상자", "3 박스", "4box"]);
  });

  it("control and bidi characters are stripped from names and logged", async () => {
    const file = await workbook([order("김\u202e토니\u200b")]);
    await run("sync", file, ...NOW);
    expect((await xlsxRecords(file, "주문"))[0]!["주문자"]).toBe("김토니");
    const logged = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "이름 정리");
    expect(logged.map((e) => e["이후"])).toEqual(["김토니", "김토니받음"]);
    expect(logged[0]!["이전"]).toBe("김\\u202e토니\\u200b"); // shown, not obeyed
  });
});

describe("설정 and 출하 일정 typed by hand", () => {
  it("an invalid capacity (５, -5, abc, 40.5, 1e2) ships nothing that day and sync --json lists it", async () => {
    const bad = ["５", "-5", "abc", "40.5", "1e2"];
    const file = await workbook([], (book) => {
      const schedule = book.getWorksheet("출하 일정")!;
      const headers = (schedule.getRow(1).values as unknown[]).map(String);
      bad.forEach((v, i) => (schedule.getRow(2 + i).getCell(headers.indexOf("출하량(상자)")).value = v));
    });
    await run("sync", file, ...NOW); // the schedule rows are created by the first pass
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const schedule = book.getWorksheet("출하 일정")!;
    const headers = (schedule.getRow(1).values as unknown[]).map(String);
    bad.forEach((v, i) => (schedule.getRow(2 + i).getCell(headers.indexOf("출하량(상자)")).value = v));
    await book.xlsx.writeFile(file);
    const json = JSON.parse((await run("sync", file, "--json", ...NOW)).text) as {
      days: { date: string; capacity: number }[];
      problems: { field: string; message: string; date?: string }[];
    };
    const flagged = json.problems.filter((p) => p.field === "출하량(상자)");
    expect(flagged).toHaveLength(bad.length);
    for (const p of flagged) expect(json.days.find((d) => d.date === p.date)?.capacity ?? 0).toBe(0);
  });

  it("a renamed price label stops the pass with a problem in 오류; no default price is used", async () => {
    const file = await workbook([order("김토니")], (book) => {
      const settings = book.getWorksheet("설정")!;
      settings.eachRow((row) => {
        const label = String(row.getCell(1).value ?? "");
        if (label.startsWith("품목:")) row.getCell(1).value = label.replace("품목:", "상품 ");
      });
    });
    const result = await run("sync", file, ...NOW);
    expect(result.text).toMatch(/설정/);
    const problems = await xlsxRecords(file, "오류");
    expect(problems.some((p) => /품목:.*기본값으로 대신 계산하지 않습니다/.test(String(p["문제"])))).toBe(
      true,
    );
    expect((await xlsxRecords(file, "주문"))[0]!["합계"]).toBe("");
  });

  it("a deleted non-money row of 설정 is listed in 오류", async () => {
    const file = await workbook([order("김토니")], (book) => {
      const settings = book.getWorksheet("설정")!;
      settings.eachRow((row) => {
        if (row.getCell(1).value === "판매자 이름") row.getCell(1).value = "가게 이름";
      });
    });
    await run("sync", file, ...NOW);
    const problems = await xlsxRecords(file, "오류");
    expect(problems.some((p) => /'판매자 이름' 줄이 없어 기본값을 씁니다/.test(String(p["문제"])))).toBe(
      true,
    );
  });
});

describe("messages that name the real cause", () => {
  it("a missing 주문 column is named by sync, sync --json, messages and export-courier, never blamed on 설정", async () => {
    const file = await workbook([order("김토니")], (book) => {
      const sheet = book.getWorksheet("주문")!;
      sheet.getRow(1).eachCell((cell) => {
        if (cell.value === "상자수") cell.value = "박스";
      });
    });
    const texts = [
      (await run("sync", file, ...NOW)).text,
      (await run("messages", file, ...NOW)).text,
      (await run("export-courier", file, "--date", "2026-07-14", "--out", `${file}.courier.xlsx`, ...NOW))
        .text,
    ];
    for (const text of texts) {
      expect(text).toMatch(/주문 탭에 열이 없습니다: 상자수/);
      expect(text).not.toMatch(/설정/);
    }
    const json = JSON.parse((await run("sync", file, "--json", ...NOW)).text) as {
      problems: { field: string; message: string }[];
    };
    expect(json.problems).toEqual([
      { row: null, field: "열", message: expect.stringMatching(/^주문 탭에 열이 없습니다: 상자수/) },
    ]);
    const problems = await xlsxRecords(file, "오류");
    expect(problems.map((p) => [p["탭"], p["항목"]])).toContainEqual(["주문", "열"]);
  });
});
