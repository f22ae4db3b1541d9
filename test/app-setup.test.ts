import { planSetup } from "../src/app/setup";
import { TABS, tab } from "../src/templates";

describe("setup / repair plan", () => {
  it("creates every tab of the templates on an empty spreadsheet, with settings defaults", () => {
    const plan = planSetup(new Map());
    expect(plan.map((p) => p.tab.name)).toEqual(["주문", "오늘 출하", "출하 일정", "설정", "이력", "오류"]);
    expect(plan.every((p) => p.create)).toBe(true);
    const orders = plan.find((p) => p.tab.key === "orders")!;
    expect(orders.add.map((a) => a.index)).toEqual(orders.tab.columns.map((_, i) => i + 1));
    expect(plan.find((p) => p.tab.key === "settings")!.initialRows[0]).toEqual([
      "판매자 이름",
      "투투네 복숭아",
      expect.any(String),
    ]);
  });

  it("is idempotent: a complete spreadsheet needs nothing", () => {
    const headers = new Map(TABS.map((t) => [t.name, t.columns.map((c) => c.header)]));
    expect(planSetup(headers).every((p) => !p.create && p.add.length === 0)).toBe(true);
  });

  it("adds a missing column after the last one and keeps Tony's extra columns", () => {
    const headers = tab("orders")
      .columns.map((c) => c.header)
      .filter((h) => h !== "메모" && h !== "기록");
    headers.splice(3, 0, "토니 메모"); // Tony's own column in the middle
    const plan = planSetup(new Map([["주문", headers]]));
    const orders = plan.find((p) => p.tab.key === "orders")!;
    expect(orders.create).toBe(false);
    expect(orders.add.map((a) => [a.column.header, a.index])).toEqual([
      ["메모", headers.length + 1],
      ["기록", headers.length + 2],
    ]);
  });
});
