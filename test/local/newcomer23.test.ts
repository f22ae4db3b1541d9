/**
 * Issue 23, what a newcomer tripped on, on the .xlsx host: a missing or impossible 우편번호 is
 * 확인 필요 and kept out of the courier file (12, and 9's impossible codes), and export-courier
 * never replaces a booking file with an empty one (13). The emulator's twin is
 * test/gas/newcomer23.test.ts.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/node/cli";
import { initFile, openFile } from "../../src/node/files";
import { sync } from "../../src/app/sync";
import { RECONCILE } from "../../src/local/demo";
import { tab } from "../../src/templates";
import { xlsxRecords } from "./xlsxRecords";
import { POSTAL_ORDERS } from "../scenario/newcomer23";

const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  return { code: result.code, text: out.join("\n") };
};

describe("issue 23 · newcomer (.xlsx host)", () => {
  it("12 · a missing or impossible 우편번호 is 확인 필요 and stays out of the courier file; 13 · no empty file replaces a booking", async () => {
    const dir = mkdtempSync(join(tmpdir(), "peach-newcomer23-"));
    const file = join(dir, "orders.xlsx");
    const now = new Date("2026-07-11T20:00:00+09:00");
    await initFile(file, false, now);
    const host = await openFile(file, now);
    const settings = host.workbook.sheet(tab("settings").name)!;
    const labels = settings.readAll().map((r) => r[0]);
    settings.write(labels.indexOf("판매자 연락처") + 1, 2, [["010-2468-1357"]]);
    settings.write(labels.indexOf("보내는 주소") + 1, 2, [["경상북도 청도군 청도읍 복숭아길 7"]]);
    const sheet = host.workbook.sheet(tab("orders").name)!;
    const header = sheet.readAll()[0]!.map(String);
    sheet.append(POSTAL_ORDERS.map((o) => header.map((h) => o[h] ?? "")));
    sync(host, RECONCILE);
    await host.workbook.save();

    const rows = await xlsxRecords(file, "주문");
    expect(rows.map((r) => String(r["확인 필요"]))).toEqual([
      "",
      expect.stringContaining("우편번호가 비어 있습니다"),
      expect.stringContaining('없는 우편번호입니다: "00000"'),
      expect.stringContaining('없는 우편번호입니다: "99999"'),
    ]);
    const problems = await xlsxRecords(file, "오류");
    expect(problems.filter((p) => String(p["문제"]).includes("우편번호"))).toHaveLength(3);
    // All four are paid and dated on one day; only the one with a real code is booked.
    const day = (rows[0]!["출하예정일"] as Date).toISOString().slice(0, 10);
    for (const r of rows) expect((r["출하예정일"] as Date).toISOString().slice(0, 10)).toBe(day);
    const out = join(dir, "택배.xlsx");
    const made = await run(
      "export-courier",
      file,
      "--date",
      day,
      "--out",
      out,
      "--now",
      "2026-07-12T08:00:00+09:00",
    );
    expect(made.code).toBe(0);
    expect(made.text).toContain("1곳 →");
    expect(made.text).toContain("뺀 묶음: 3행 빈칸씨 (우편번호가 비어 있습니다");
    const booked = await xlsxRecords(out);
    expect(booked.map((b) => b["받는분성명"])).toEqual(["바른씨"]);

    // A day with nothing to book: the file with lines stays as it was.
    const before = readFileSync(out);
    const empty = await run(
      "export-courier",
      file,
      "--date",
      "2026-09-01",
      "--out",
      out,
      "--now",
      "2026-07-12T08:00:00+09:00",
    );
    expect(empty.code).toBe(0);
    expect(empty.text).toContain("9월 1일 (화)에 보낼 묶음이 없습니다");
    expect(readFileSync(out).equals(before)).toBe(true);
  }, 60_000);
});
