import { planSetup } from "../src/app/setup";
import { TABS, tab } from "../src/templates";

describe("setup / repair plan", () => {
  it("creates every tab of the templates on an empty spreadsheet, with settings defaults", () => {
    const plan = planSetup(new Map(), "2026-05-01");
    expect(plan.map((p) => p.tab.name)).toEqual([
      "주문",
      "오늘 출하",
      "출하 일정",
      "설정",
      "이력",
      "오류",
      "조회",
    ]);
    expect(plan.every((p) => p.create)).toBe(true);
    const orders = plan.find((p) => p.tab.key === "orders")!;
    expect(orders.add.map((a) => a.index)).toEqual(orders.tab.columns.map((_, i) => i + 1));
    expect(plan.find((p) => p.tab.key === "settings")!.initialRows[0]).toEqual([
      "판매자 이름",
      "투투네 복숭아",
      expect.any(String),
    ]);
  });

  it("starts the season this summer, or next summer once this one is over", () => {
    const season = (today: string) =>
      planSetup(new Map(), today)
        .find((p) => p.tab.key === "settings")!
        .initialRows.filter((r) => String(r[0]).startsWith("시즌"))
        .map((r) => r[1]);
    expect(season("2026-05-01")).toEqual(["2026-07-13", "2026-09-19"]);
    expect(season("2026-09-19")).toEqual(["2026-07-13", "2026-09-19"]);
    expect(season("2026-11-25")).toEqual(["2027-07-13", "2027-09-19"]);
    expect(season("2031-01-02")).toEqual(["2031-07-13", "2031-09-19"]);
  });

  it("leaves what only Tony knows empty: no placeholder account, phone or address", () => {
    const rows = planSetup(new Map(), "2026-05-01").find((p) => p.tab.key === "settings")!.initialRows;
    const value = (label: string) => rows.find((r) => r[0] === label)![1];
    expect([value("입금 안내"), value("판매자 연락처"), value("보내는 주소")]).toEqual(["", "", ""]);
  });

  it("is idempotent: a complete spreadsheet needs nothing", () => {
    const headers = new Map(TABS.map((t) => [t.name, t.columns.map((c) => c.header)]));
    expect(planSetup(headers, "2026-05-01").every((p) => !p.create && p.add.length === 0)).toBe(true);
  });

  it("adds a missing column after the last one and keeps Tony's extra columns", () => {
    const headers = tab("orders")
      .columns.map((c) => c.header)
      .filter((h) => h !== "메모" && h !== "기록");
    headers.splice(3, 0, "토니 메모"); // Tony's own column in the middle
    const plan = planSetup(new Map([["주문", headers]]), "2026-05-01");
    const orders = plan.find((p) => p.tab.key === "orders")!;
    expect(orders.create).toBe(false);
    expect(orders.add.map((a) => [a.column.header, a.index])).toEqual([
      ["메모", headers.length + 1],
      ["기록", headers.length + 2],
    ]);
  });
});
