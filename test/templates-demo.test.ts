import demoSeason from "../sheets-templates/demo-season.json";
import { demoPlan } from "../src/node/cli";
import { TABS, LISTS, SETTING_DEFS } from "../src/templates";
import { STATUSES } from "../src/domain/schemas";

describe("sheets-templates", () => {
  it("defines every tab of SPEC.md with unique column keys and headers", () => {
    expect(TABS.map((t) => t.name)).toEqual([
      "주문",
      "오늘 출하",
      "출하 일정",
      "설정",
      "이력",
      "오류",
      "조회",
    ]);
    for (const tab of TABS) {
      expect(new Set(tab.columns.map((c) => c.key)).size).toBe(tab.columns.length);
      expect(new Set(tab.columns.map((c) => c.header)).size).toBe(tab.columns.length);
    }
    const orders = TABS.find((t) => t.key === "orders")!;
    // Tony's and Tutu's input first, then every script column side by side: one write per edit.
    expect(orders.columns.map((c) => c.header)).toEqual([
      "주문번호",
      "접수일시",
      "주문자",
      "주문자 연락처",
      "받는분",
      "받는분 연락처",
      "우편번호",
      "주소",
      "품목",
      "상자수",
      "입금상태",
      "메모",
      "주문 경로",
      "택배사",
      "송장번호",
      "상품금액",
      "배송비",
      "합계",
      "묶음 배송",
      "입금일시",
      "출하예정일",
      "진행상태",
      "확인 필요",
      "행ID",
      "조회토큰",
      "기록",
      "가져온 줄",
      "지연 응답",
    ]);
    // Numbers that are really text are text columns.
    for (const key of ["ordererPhone", "recipientPhone", "postalCode", "trackingNumber"]) {
      expect(orders.columns.find((c) => c.key === key)?.format).toBe("@");
    }
    expect(orders.columns.filter((c) => c.hidden).map((c) => c.key)).toEqual([
      "rowId",
      "token",
      "recorded",
      "importKey",
    ]);
  });

  it("has one status label per status, in order", () => {
    expect(LISTS.status).toHaveLength(STATUSES.length);
  });

  it("has a setting row for every setting key", () => {
    expect(new Set(SETTING_DEFS.map((d) => d.label)).size).toBe(SETTING_DEFS.length);
  });
});

describe("the demo season", () => {
  const rows = demoSeason.rows;
  const byOrder = new Map<string, typeof rows>();
  for (const r of rows) byOrder.set(r.orderCode, [...(byOrder.get(r.orderCode) ?? []), r]);

  it("has at least 60 orders, some with several recipients, some unpaid", () => {
    expect(byOrder.size).toBeGreaterThanOrEqual(60);
    expect([...byOrder.values()].filter((o) => o.length > 1).length).toBeGreaterThanOrEqual(5);
    expect(
      [...byOrder.values()].filter((o) => o.every((r) => r.payment === "미입금")).length,
    ).toBeGreaterThanOrEqual(5);
  });

  it("has a few deliberately bad rows, each reported with its column", () => {
    const problems = demoPlan().rows.flatMap((s) => s.problems);
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(problems.map((p) => p.message.split(":")[0])).toEqual(
      expect.arrayContaining(["상자수", "받는분 연락처", "우편번호", "품목"]),
    );
  });

  it("holds more paid boxes than the first days can ship, and no day goes over", () => {
    const plan = demoPlan();
    const firstDays = plan.days.filter((d) => d.capacity > 0).slice(0, 3);
    const paidBoxes = plan.rows.filter((s) => s.paid && s.fields).reduce((n, s) => n + s.boxes, 0);
    expect(paidBoxes).toBeGreaterThan(firstDays.reduce((n, d) => n + d.capacity, 0));
    for (const d of plan.days) expect(d.assigned).toBeLessThanOrEqual(d.capacity);
    expect(firstDays.every((d) => d.assigned > 0)).toBe(true);
  });
});
