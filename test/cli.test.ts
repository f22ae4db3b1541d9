import { createServer } from "node:net";
import { main } from "../src/node/cli";
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
    expect(text).toMatch(/수확✓ 포장✓ 발송✓ {2}CJ대한통운 52185312000\d/);
    expect(text).toMatch(/주문번호 \d{3}-\d{3} \+ 전화 뒷자리 \d{4} → .*발송/);
    expect(text).toMatch(/주문번호 \d{3}-\d{3} \+ 전화 뒷자리 \d{4} → 입금 대기/);
    expect(text).toMatch(/링크: http:\/\/127\.0\.0\.1:\d+\/\?t=[a-z2-9]{24}/);
    expect(text).toMatch(/고객 조회 페이지: http:\/\/127\.0\.0\.1:\d+/);
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
