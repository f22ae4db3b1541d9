import demoSeason from "../sheets-templates/demo-season.json";
import { lookupStatus } from "../src/app/lookups";
import { dueMessages } from "../src/app/messages";
import type { Cell } from "../src/app/port";
import { loadSmallTabs } from "../src/app/smallTabs";
import { addDays, seoulDateOf } from "../src/domain/clock";
import { splitNotice } from "../src/domain/harvest";
import { demoHost, type DemoHost } from "../src/local/demo";
import { demoPlan } from "../src/node/cli";
import { TABS, LISTS, SETTING_DEFS, tab } from "../src/templates";
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

describe("the demo season's three harvests (issue 21)", () => {
  let host: DemoHost;
  const records = (name: string) => {
    const [head, ...rows] = host.workbook.sheet(name)!.readAll();
    return rows.map((r) => Object.fromEntries(head!.map((h, c) => [String(h), r[c]]))) as Record<
      string,
      Cell
    >[];
  };
  const dateOf = (cell: Cell | undefined) => (cell instanceof Date ? seoulDateOf(cell) : null);
  const settings = () => {
    const loaded = loadSmallTabs(host, true).settings;
    if (!loaded.ok) throw new Error(loaded.error);
    return loaded.value;
  };
  const windowOf = (item: string) => settings().harvest.itemRules.find((r) => r.item === item)!.window!;

  beforeAll(() => {
    host = demoHost();
  });

  it("has three items with different windows in 설정, and a daily limit", () => {
    const windows = ["백도 4.5kg", "천도 3kg", "황도 4.5kg"].map(windowOf);
    expect(new Set(windows.map((w) => w.start)).size).toBe(3);
    expect(windows[0]!.start).toBe(settings().seasonStart); // the first shipping morning has 백도 to ship
    expect(settings().harvest.itemLimits.map((l) => l.name)).toEqual(["천도 3kg"]);
  });

  it("dates 황도 paid in early July in August, inside 황도's window", () => {
    const hwangdo = windowOf("황도 4.5kg");
    const early = records(tab("orders").name).filter(
      (r) => r["품목"] === "황도 4.5kg" && dateOf(r["입금일시"])! < "2026-07-05",
    );
    expect(early.length).toBeGreaterThanOrEqual(3);
    for (const r of early) {
      const date = dateOf(r["출하예정일"])!;
      expect(date.slice(0, 7)).toBe("2026-08");
      expect(date >= hwangdo.start && date <= hwangdo.end).toBe(true);
    }
  });

  it("sends one place's 백도 and 황도 as two parcels with two fees, and says so before payment", () => {
    const places = new Map<string, Record<string, Cell>[]>();
    for (const r of records(tab("orders").name)) {
      const key = [r["주문번호"], r["받는분"], r["주소"]].join("|");
      places.set(key, [...(places.get(key) ?? []), r]);
    }
    const split = [...places.values()].filter((p) => new Set(p.map((r) => r["품목"])).size === 2);
    for (const place of split) {
      // Each parcel its own fee (one paid 5,000 for 2 boxes), and 주문 says why.
      for (const r of place) {
        expect(r["배송비"]).toBe(Math.ceil(Number(r["상자수"]) / 2) * 5000);
        expect(String(r["묶음 배송"])).toContain(splitNotice(2));
      }
    }
    // One paid: 백도 in July, 황도 in August.
    const paid = split.find((p) => p.every((r) => r["입금상태"] === "입금완료"))!;
    expect(paid.map((r) => dateOf(r["출하예정일"])!.slice(0, 7)).sort()).toEqual(["2026-07", "2026-08"]);
    // One still to pay: its payment request (the quote, with the demo's account: the evening
    // sent only the confirmations) says two parcels, two fees.
    const unpaid = split.find((p) => p.every((r) => r["입금상태"] === "미입금"))!;
    const page = lookupStatus(host, unpaid[0]!["주문번호"]!, String(unpaid[0]!["주문자 연락처"]).slice(-4));
    expect(JSON.stringify(page)).toContain(splitNotice(2));
    const request = dueMessages(host, settings()).find(
      (m) => m.orderCode === unpaid[0]!["주문번호"] && m.kind === "paymentRequest",
    );
    expect(request?.text).toContain(splitNotice(2));
    expect(request?.text).toContain(`입금하실 곳: ${settings().paymentInstructions}`);
  });

  it("has a paid 천도 order waiting (대기) for its full window, and says why", () => {
    const waiting = records(tab("orders").name).filter((r) => r["진행상태"] === "대기");
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    expect(waiting.every((r) => r["입금상태"] === "입금완료" && r["품목"] === "천도 3kg")).toBe(true);
    const [r] = waiting;
    const answer = lookupStatus(host, r!["주문번호"]!, String(r!["주문자 연락처"]).slice(-4));
    expect(JSON.stringify(answer)).toContain(
      "천도 3kg 수확 기간(7월 30일–8월 7일) 출하량이 다 차서 대기 중입니다",
    );
  });

  it("puts 천도 back 3 days for the rain on the first morning: 출하일 변경 with the reason, shown to the customer", () => {
    expect(windowOf("천도 3kg")).toEqual({ start: "2026-07-30", end: "2026-08-07" });
    const moved = records(tab("events").name).filter(
      (e) => e["사건"] === "출하일 변경" && e["내용"] === `수확이 늦어짐: ${demoSeason.delay.reason}`,
    );
    expect(moved.length).toBeGreaterThan(0);
    const orders = records(tab("orders").name);
    // Each moved by the delay's days at least (or to 대기 when its window had no room left).
    for (const e of moved)
      expect(e["이후"] === "" || String(e["이후"]) >= addDays(String(e["이전"]), demoSeason.delay.days)).toBe(
        true,
      );
    const row = orders.find((r) => r["행ID"] === moved[0]!["행ID"])!;
    expect(row["품목"]).toBe("천도 3kg");
    const answer = lookupStatus(host, row["주문번호"]!, String(row["주문자 연락처"]).slice(-4));
    expect(JSON.stringify(answer)).toContain(`(수확이 늦어짐: ${demoSeason.delay.reason})`);
    // Tony sent the confirmations the evening before: the change is a message of its own.
    const change = dueMessages(host, settings()).find(
      (m) => m.orderCode === row["주문번호"] && m.kind === "shipDateChanged",
    );
    expect(change?.text).toContain(`(수확이 늦어짐: ${demoSeason.delay.reason})`);
  });
});
