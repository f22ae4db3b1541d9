/**
 * Issue 21, point 5 on the local host: `peach-orders delay` moves a variety's window and every
 * shipment of it not yet worked on by N days, in payment order, logs 출하일 변경 with the
 * reason, and drafts the customers' messages; bad requests get a Korean message and change nothing.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addDays, seoulDateOf } from "../../src/domain/clock";
import { main } from "../../src/node/cli";

const NOW = "2026-07-13T10:30:00+09:00";
const run = async (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const result = await main(args, { out: (l: string) => out.push(l), err: (l: string) => err.push(l) });
  await result.server?.close();
  return { code: result.code, text: out.join("\n"), err: err.join("\n") };
};

async function records(path: string, name: string): Promise<Record<string, unknown>[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const rows: unknown[][] = [];
  book.getWorksheet(name)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  const [head, ...data] = rows;
  return data.map((r) => Object.fromEntries(head!.map((h, c) => [String(h), r[c]])));
}

describe("peach-orders delay", () => {
  it("moves 황도's shipments not yet worked on by 3 days or more, logs why and drafts the messages", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "peach-")), "demo.xlsx");
    expect((await run("init", file, "--demo")).code).toBe(0);
    await run("sync", file, "--now", NOW);
    // The customers were told their dates: a change is worth a message.
    await run("messages", file, "--mark-sent", "--now", NOW);
    const before = await records(file, "주문");
    const answer = await run(
      "delay",
      file,
      "--item",
      "황도",
      "--days",
      "3",
      "--reason",
      "비",
      "--now",
      NOW,
      "--json",
    );
    expect(answer.code).toBe(0);
    const json = JSON.parse(answer.text) as {
      moved: { orderCode: string; rowId: string; from: string; to: string }[];
      waitlisted: unknown[];
    };
    expect(json.moved.length).toBeGreaterThan(0);
    const after = await records(file, "주문");
    const byId = new Map(after.map((r) => [String(r["행ID"]), r]));
    for (const m of json.moved) {
      expect(byId.get(m.rowId)!["품목"]).toBe("황도 4.5kg");
      expect(m.to >= addDays(m.from, 3)).toBe(true);
    }
    // Nothing already worked on moved, and no 백도 moved.
    for (const r of before) {
      const now = byId.get(String(r["행ID"]))!;
      const was = r["출하예정일"] instanceof Date ? seoulDateOf(r["출하예정일"] as Date) : null;
      const is = now["출하예정일"] instanceof Date ? seoulDateOf(now["출하예정일"] as Date) : null;
      if (r["품목"] !== "황도 4.5kg" || !["출하예정"].includes(String(r["진행상태"]))) expect(is).toBe(was);
    }
    // 설정 says the new window; 이력 says why, for every moved row.
    const settings = await records(file, "설정");
    // The demo's 황도 ripens 08-17~09-10 (sheets-templates/demo-season.json): 3 days on.
    expect(settings.find((r) => r["항목"] === "수확 기간: 황도 4.5kg")?.["값"]).toBe("08-20~09-13");
    const events = await records(file, "이력");
    for (const m of json.moved)
      expect(
        events.some(
          (e) => e["행ID"] === m.rowId && e["사건"] === "출하일 변경" && e["내용"] === "수확이 늦어짐: 비",
        ),
      ).toBe(true);
    const messages = await run("messages", file, "--now", NOW);
    expect(messages.text).toContain("출하일이 바뀌었습니다");
    expect(messages.text).toContain("(수확이 늦어짐: 비)");
  }, 60_000);

  it("refuses what it cannot know, in Korean, and changes nothing", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "peach-")), "demo.xlsx");
    await run("init", file, "--demo");
    const before = readFileSync(file);
    const bad = [
      ["--item", "자두", "--days", "3"],
      ["--item", "황도", "--days", "0"],
      ["--item", "황도", "--days", "세"],
      ["--item", "황도"],
    ];
    for (const args of bad) {
      const answer = await run("delay", file, ...args, "--now", NOW);
      expect(answer.code).not.toBe(0);
      const said = answer.text + answer.err;
      expect(said).toMatch(/[가-힣]/);
      expect(said).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 60_000);
});
