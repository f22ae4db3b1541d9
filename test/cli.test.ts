import { main } from "../src/node/cli";

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
});
