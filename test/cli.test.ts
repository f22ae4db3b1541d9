import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isItemLine } from "../src/domain/harvest";
import { main } from "../src/node/cli";
import { openFile } from "../src/node/files";
import { COMMANDS } from "../src/node/commands/registry";
import { cliStreams as streams } from "./local/cliStreams";

const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  await result.server?.close();
  return { code: result.code, text: out.join("\n") };
};

describe("peach-orders CLI", () => {
  it("prints the demo plan of the first days within capacity", async () => {
    const { code, text } = await run("plan", "--days", "3");
    expect(code).toBe(0);
    const days = [...text.matchAll(/출하량 (\d+)상자 · 배정 (\d+)상자/g)];
    expect(days).toHaveLength(3);
    for (const [, capacity, assigned] of days) expect(Number(assigned)).toBeLessThanOrEqual(Number(capacity));
    expect(text).toContain("7월 13일 (월)");
  });

  it("plan shows each day's boxes per item beside the total, an item's daily limit, and why paid orders wait", async () => {
    const { text } = await run("plan", "--days", "20");
    const days = [...text.matchAll(/■ (.+?) {2}출하량 \d+상자 · 배정 (\d+)상자(?: \((.+?)\))? · 남음/g)];
    expect(days).toHaveLength(20);
    for (const [, , assigned, items] of days) {
      // Items are named on every day with boxes, and add up to the day's total.
      const boxes = [...(items ?? "").matchAll(/ (\d+)(?:\/\d+)?(?: · |$)/g)].map((m) => Number(m[1]));
      expect(boxes.reduce((a, b) => a + b, 0)).toBe(Number(assigned));
    }
    expect(days.find(([, date]) => date === "7월 13일 (월)")![3]).toMatch(/^백도 4\.5kg \d+$/);
    // 천도 has a daily limit of 6 (설정 하루 최대: 천도 3kg): its days say it.
    expect(days.some(([, , , items]) => /^천도 3kg [1-6]\/6$/.test(items ?? ""))).toBe(true);
    expect(text).toMatch(
      /대기 이유:\n {2}\d{3}-\d{3} {2}\S+ {2}천도 3kg \d+상자: 천도 3kg 수확 기간\(7월 27일–8월 4일\) 출하량이 다 차서 대기 중입니다/,
    );
  });

  it("today shows the day's boxes per item when 설정 has per-item lines, and no such line without them", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "peach-today-")), "demo.xlsx");
    expect((await run("init", file, "--demo")).code).toBe(0);
    const today = () => run("today", file, "--date", "2026-07-30", "--now", "2026-07-13T11:00:00+09:00");
    const withItems = (await today()).text;
    const [, limited] = withItems.match(/^ {2}품목별 배정: 천도 3kg (\d+)\/6$/m) ?? [];
    const listed = [...withItems.matchAll(/ (\d+)상자 {2}수확/g)].map((m) => Number(m[1]));
    expect(listed.length).toBeGreaterThan(0);
    expect(Number(limited)).toBe(listed.reduce((a, b) => a + b, 0));

    // Tony empties the per-item lines: every item ships all season, and the day's total says it all.
    const host = await openFile(file, new Date("2026-07-13T11:00:00+09:00"));
    const settings = host.workbook.sheet("설정")!;
    settings.readAll().forEach((row, i) => {
      if (isItemLine(String(row[0] ?? ""))) settings.write(i + 1, 2, [[""]]);
    });
    await host.workbook.save();
    const without = (await today()).text;
    expect(without).toMatch(/^7월 30일 \(목\)/);
    expect(without).not.toContain("품목별 배정");
  }, 60_000);

  it("answers usage errors with exit 2 and a Korean reason", async () => {
    expect((await run()).code).toBe(2);
    expect((await run("plan", "--days", "0")).code).toBe(2);
    expect((await run("serve", "--port", "abc")).code).toBe(2);
    expect((await run("nope")).text).toContain("알 수 없는 명령");
    expect((await run("--help")).code).toBe(0);
    for (const command of ["start", "serve", "plan"]) {
      expect(await run(command, "--help")).toEqual({
        code: 0,
        text: expect.stringContaining(`peach-orders ${command}`),
      });
    }
  });

  it("refuses an unknown flag or a stray argument: exit 2, one Korean line and the usage on stderr", async () => {
    const cases: [string[], RegExp][] = [
      [["messages", "x.xlsx", "--marksent"], /^알 수 없는 옵션입니다: --marksent \(--mark-sent 말인가요\?\)/],
      [["today", "x.xlsx", "--dat", "2026-07-13"], /^알 수 없는 옵션입니다: --dat \(--date 말인가요\?\)/],
      [["sync", "x.xlsx", "y.xlsx"], /^필요 없는 인자입니다: y\.xlsx/],
      [["sync"], /^빠진 것이 있습니다: <파일\.xlsx>/],
      [["today", "x.xlsx", "--date"], /^--date 뒤에 값을 적어 주세요/],
      [["sync", "x.xlsx", "--json=yes"], /^--json에는 값을 붙이지 않습니다/],
      [["plan", "extra"], /^필요 없는 인자입니다: extra/],
    ];
    for (const [args, message] of cases) {
      const { code, out, err } = await streams(...args);
      expect({ args, code, out }).toEqual({ args, code: 2, out: "" });
      expect(err).toMatch(message);
      expect(err).toContain(`사용법: peach-orders ${args[0]}`);
    }
  });

  it("answers --help on every command with its usage and examples, on stdout", async () => {
    for (const command of COMMANDS) {
      for (const help of ["--help", "-h"]) {
        const { code, out, err } = await streams(command.name, help);
        expect({ code, err }).toEqual({ code: 0, err: "" });
        expect(out).toMatch(new RegExp(`^사용법: peach-orders ${command.name}`));
        expect(out).toContain("예:");
      }
    }
    // import --help works even though import needs a source and --into.
    expect((await streams("import", "--help")).out).toContain("--into");
    expect((await streams("help", "sync")).out).toMatch(/^사용법: peach-orders sync/);
    const all = await streams("--help");
    for (const command of COMMANDS) expect(all.out).toContain(`  ${command.name} `);
  });

  it("start runs the demo season: today's list, two lookups, and the page served", async () => {
    const { code, text } = await run("start", "--port", "0");
    expect(code).toBe(0);
    expect(text).toMatch(/7월 13일 \(월\) 출하 · 출하량 40상자/);
    expect(text).toMatch(/^ {2}품목별 배정: 백도 4\.5kg \d+$/m);
    expect(text).toMatch(/수확✓ 포장✓ 발송✓ {2}CJ대한통운 52185312000\d/);
    expect(text).toMatch(/주문번호 \d{3}-\d{3} \+ 전화 뒷자리 \d{4} → .*발송/);
    expect(text).toMatch(/주문번호 \d{3}-\d{3} \+ 전화 뒷자리 \d{4} → 입금 대기/);
    expect(text).toMatch(/링크: http:\/\/127\.0\.0\.1:\d+\/\?t=[a-z2-9]{24}/);
    expect(text).toMatch(/고객 조회 페이지: http:\/\/127\.0\.0\.1:\d+/);
    expect(text).toMatch(/주문 페이지: http:\/\/127\.0\.0\.1:\d+\/\?view=order/);
  });

  it("start makes the demo again when it was made from another demo season, keeping the old one aside", async () => {
    expect((await run("start", "--port", "0")).code).toBe(0);
    writeFileSync("demo/orders.xlsx.version", "an older season");
    const { code, text } = await run("start", "--port", "0");
    expect(code).toBe(0);
    expect(text).toContain(
      "데모 시즌이 바뀌어 데모 통합 문서를 새로 만들었습니다: demo/orders.xlsx (전에 쓰던 것은 demo/orders.old.xlsx)",
    );
    expect(existsSync("demo/orders.old.xlsx")).toBe(true);
    // The same season again: kept as it is, nothing said.
    expect((await run("start", "--port", "0")).text).not.toContain("새로 만들었습니다");
  });

  it("start on a busy port says so in Korean and exits 2, no stack trace", async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
    const port = (blocker.address() as { port: number }).port;
    try {
      expect(await streams("start", "--port", String(port))).toEqual({
        code: 2,
        out: "",
        err: `${port} 포트를 이미 쓰고 있습니다. --port ${port + 1} 처럼 다른 번호로 실행하세요`,
      });
    } finally {
      blocker.close();
    }
  });
});
