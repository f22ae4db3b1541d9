/**
 * Issue 21, point 4 on the local host: a variety whose window is full is 품절 on the order page
 * (or takes waiting orders when 설정 says so); a paid order that finds no day in its window is
 * 대기 with the reason; when a cancellation frees room, the first waiting order by payment gets a
 * date, a 출하일 변경 event and a "기다려 주셔서 감사합니다" message.
 */
import { dueMessages, markSent } from "../src/app/messages";
import { orderForm } from "../src/app/orderPage";
import type { Cell, Host } from "../src/app/port";
import { loadSmallTabs } from "../src/app/smallTabs";
import { sync } from "../src/app/sync";
import { seoulDateOf } from "../src/domain/clock";
import { localHost, RECONCILE } from "../src/local/demo";
import { MemoryWorkbook } from "../src/local/memoryWorkbook";
import { tab } from "../src/templates";

const ORDERS = tab("orders");

function shop() {
  const book = new MemoryWorkbook();
  book.setUp("2026-07-10");
  const settings = book.sheet(tab("settings").name)!;
  const set = (label: string, value: Cell) => {
    const at = settings.readAll().findIndex((r) => r[0] === label);
    if (at >= 0) settings.write(at + 1, 2, [[value]]);
    else settings.write(settings.readAll().length + 1, 1, [[label, value]]);
  };
  set("하루 기본 출하량(상자)", 2);
  // Two shipping days (8월 13일 is the eve of 택배 없는 날): 4 boxes in all.
  set("수확 기간: 황도 4.5kg", "08-11~08-13");
  set("온라인 주문 받기", "예");
  set("입금 안내", "농협 351-1234-5678-93 (예금주 김토니)");
  const sheet = book.sheet(ORDERS.name)!;
  const header = sheet.readAll()[0]!.map(String);
  const rows = ["가", "나", "다"].map((who, i) =>
    header.map(
      (h) =>
        (
          ({
            주문자: `${who}주문`,
            "주문자 연락처": `010-5000-100${i}`,
            받는분: `${who}주문`,
            "받는분 연락처": `010-5000-100${i}`,
            우편번호: "04524",
            주소: `서울특별시 중구 세종대로 11${i}`,
            품목: "황도 4.5kg",
            상자수: 2,
          }) as Record<string, Cell>
        )[h] ?? "",
    ),
  );
  sheet.write(2, 1, rows);
  const host = localHost(book, new Date("2026-07-10T12:00:00+09:00"));
  sync(host, RECONCILE);
  const col = (name: string) => header.indexOf(name) + 1;
  const pay = (row: number, hour: number) => {
    host.clock.now = new Date(`2026-07-10T${String(hour).padStart(2, "0")}:00:00+09:00`);
    sheet.write(row, col("입금상태"), [["입금완료"]]);
    sync(host, RECONCILE);
  };
  const records = () => {
    const [head, ...data] = sheet.readAll();
    return data.map((r) => Object.fromEntries(head!.map((h, c) => [String(h), r[c]])));
  };
  return { book, host, sheet, col, pay, records, set };
}

describe("a variety sold out, a waiting order, room freed", () => {
  it("dates the first two in 황도's window, puts the third in 대기 with why, and promotes it when one is cancelled", () => {
    const { host, sheet, col, pay, records, set } = shop();
    pay(2, 13);
    pay(3, 14);
    pay(4, 15);
    const [a, b, c] = records();
    expect([a!["출하예정일"], b!["출하예정일"]].map((d) => seoulDateOf(d as Date))).toEqual([
      "2026-08-11",
      "2026-08-12",
    ]);
    expect(c!["진행상태"]).toBe("대기");

    // The customer is told why: the window's capacity, not the whole season.
    const confirmed = dueMessages(host, loadSettings(host)).find(
      (m) => m.orderCode === c!["주문번호"] && m.kind === "paymentConfirmed",
    )!;
    expect(confirmed.text).toContain(
      "황도 4.5kg 수확 기간(8월 11일–8월 13일) 출하량이 다 차서 대기 중입니다",
    );
    markSent(host, dueMessages(host, loadSettings(host)));

    // 품절 on the order page; with 대기 주문 받기 it is still chosen, as a waiting order.
    const item = () => {
      const form = orderForm(host);
      if (!form.ok) throw new Error(form.error);
      return form.value.items.find((i) => i.name === "황도 4.5kg");
    };
    expect(item()).toMatchObject({ available: false, note: "품절" });
    set("대기 주문 받기", "예");
    sync(host, RECONCILE);
    expect(item()).toMatchObject({ available: true });

    // 나 cancels: 다 gets the freed day, the change is logged and the message drafted. (Strict
    // order: a day freed before the last one given, 가's, would stay free; docs/season-pass.md.)
    host.clock.now = new Date("2026-07-11T09:00:00+09:00");
    sheet.write(3, col("진행상태"), [["취소"]]);
    sync(host, RECONCILE);
    const after = records();
    expect(after[2]!["진행상태"]).toBe("출하예정");
    expect(seoulDateOf(after[2]!["출하예정일"] as Date)).toBe("2026-08-12");
    const message = dueMessages(host, loadSettings(host)).find(
      (m) => m.orderCode === c!["주문번호"] && m.kind === "shipDateChanged",
    )!;
    expect(message.text).toContain("기다려 주셔서 감사합니다. 출하일이 정해졌습니다");
    expect(message.text).toContain("8월 12일 (수) 출하 예정");
  });
});

describe("a harvest window that cannot be read", () => {
  it("is a problem in 오류 naming the line, and holds that item's new orders (never the season)", () => {
    const { book, pay, records, set, host } = shop();
    set("수확 기간: 황도 4.5kg", "08-40~09-01");
    sync(host, RECONCILE);
    pay(2, 13);
    const problems = book
      .sheet(tab("problems").name)!
      .readAll()
      .map((r) => r.map(String).join("|"));
    expect(
      problems.some((line) => line.includes("설정 '수확 기간: 황도 4.5kg': 시작일을 읽을 수 없습니다")),
    ).toBe(true);
    expect(records()[0]!["진행상태"]).toBe("대기");
    expect(records()[0]!["출하예정일"]).toBe("");
    // Fixed: the order gets its day inside the window, and the problem resolves.
    set("수확 기간: 황도 4.5kg", "08-11~08-13");
    sync(host, RECONCILE);
    expect(seoulDateOf(records()[0]!["출하예정일"] as Date)).toBe("2026-08-11");
    const [head, ...lines] = book.sheet(tab("problems").name)!.readAll();
    const about = lines.filter((r) => String(r[head!.indexOf("문제")]).includes("수확 기간: 황도"));
    expect(about.length).toBeGreaterThan(0);
    for (const r of about) expect(r[head!.indexOf("해결됨")]).toBe(true);
  });
});

/** 설정 as the pass reads it. */
function loadSettings(host: Host) {
  const s = loadSmallTabs(host, true).settings;
  if (!s.ok) throw new Error(s.error);
  return s.value;
}
