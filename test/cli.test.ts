import { main } from "../src/node/cli";

const run = (...args: string[]) => {
  const out: string[] = [];
  const code = main(args, (l) => out.push(l));
  return { code, text: out.join("\n") };
};

describe("peach-orders CLI", () => {
  it("prints the demo plan of the first days within capacity", () => {
    const { code, text } = run("demo", "--days", "3");
    expect(code).toBe(0);
    const days = [...text.matchAll(/출하량 (\d+)상자 · 배정 (\d+)상자/g)];
    expect(days).toHaveLength(3);
    for (const [, capacity, assigned] of days) expect(Number(assigned)).toBeLessThanOrEqual(Number(capacity));
    expect(text).toContain("7월 13일 (월)");
  });

  it("answers usage errors with exit 2 and a Korean reason", () => {
    expect(run().code).toBe(2);
    expect(run("demo", "--today", "어제").code).toBe(2);
    expect(run("nope").text).toContain("알 수 없는 명령");
    expect(run("--help").code).toBe(0);
  });
});
