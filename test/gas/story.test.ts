/**
 * The story, end to end, through dist/Code.js in the emulator: set-up on an empty spreadsheet,
 * 60+ orders pasted at once, payments ticked, the schedule within every day's capacity, Tutu's
 * ticks on 오늘 출하, and 이력 holding every step.
 */
import {
  at,
  col,
  demoInput,
  EVENTS,
  freshSpreadsheet,
  ORDERS,
  paste,
  PROBLEMS,
  SCHEDULE,
  TODAY,
} from "./helpers";

describe("a day of the story, from the sheet alone", () => {
  const emu = freshSpreadsheet();

  it("sets up every tab with its menu and triggers", () => {
    expect(emu.spreadsheet.sheets.map((s) => s.getName())).toEqual([
      "주문",
      "오늘 출하",
      "출하 일정",
      "설정",
      "이력",
      "오류",
    ]);
    expect(emu.menus[0]!.title).toBe("복숭아 주문");
    expect(emu.triggers.map((t) => `${t.handler}:${t.type}`).sort()).toEqual([
      "onEditInstalled:ON_EDIT",
      "reconcile:CLOCK",
      "rolloverToday:CLOCK",
    ]);
    emu.run("installTriggers");
    expect(emu.triggers).toHaveLength(3);
  });

  it("takes 60+ orders pasted at once: codes, ids, tokens, amounts, problems", () => {
    emu.now = at("2026-07-11T21:00:00+09:00");
    const input = demoInput();
    paste(emu, input);
    const rows = emu.records(ORDERS);
    expect(rows).toHaveLength(input.length);
    for (const row of rows) {
      expect(row["주문번호"]).toMatch(/^\d{3}-\d{3}$/);
      expect(row["행ID"]).toMatch(/^r/);
      expect(String(row["조회토큰"])).toHaveLength(24);
      expect(row["주문자 연락처"]).toMatch(/^010-\d{4}-\d{4}$/); // 01012345678 → normal form
    }
    // Consecutive rows of one orderer share one order number.
    const orders = new Set(rows.map((r) => r["주문번호"]));
    expect(orders.size).toBe(64);
    const good = rows.filter((r) => r["확인 필요"] === "");
    expect(good.length).toBe(input.length - 4);
    for (const r of good) {
      expect(r["합계"]).toBe(Number(r["상품금액"]) + Number(r["배송비"]));
      expect(r["진행상태"]).toBe("접수");
    }
    const problems = emu.records(PROBLEMS);
    expect(problems.map((p) => p["항목"]).sort()).toEqual(["boxes", "item", "postalCode", "recipientPhone"]);
    expect(emu.records(EVENTS).filter((e) => e["사건"] === "접수")).toHaveLength(input.length);
  });

  it("pays a whole order from one ticked row, and schedules within capacity", () => {
    emu.now = at("2026-07-12T10:00:00+09:00");
    const payment = col(emu, ORDERS, "입금상태");
    const rows = emu.records(ORDERS);
    const firstRowOf = new Map<string, number>();
    rows.forEach((r, i) => {
      if (!firstRowOf.has(String(r["주문번호"]))) firstRowOf.set(String(r["주문번호"]), i + 2);
    });
    const paidOrders = [...firstRowOf.keys()].slice(0, 45);
    for (const code of paidOrders) {
      emu.now = new Date(emu.now.getTime() + 60_000);
      emu.edit(ORDERS, firstRowOf.get(code)!, payment, [["ㅇ"]]);
    }
    const after = emu.records(ORDERS);
    for (const r of after.filter((x) => paidOrders.includes(String(x["주문번호"])))) {
      expect(r["입금상태"]).toBe("입금완료");
      expect(r["입금일시"]).toBeInstanceOf(Date);
      if (r["확인 필요"] === "") expect(["출하예정", "대기"]).toContain(r["진행상태"]);
    }
    const unpaid = after.filter((x) => !paidOrders.includes(String(x["주문번호"])));
    expect(unpaid.every((r) => r["출하예정일"] === "")).toBe(true);
    // Every day holds at most its capacity, and the 출하 일정 tab says so.
    const boxesByDay = new Map<number, number>();
    for (const r of after) {
      if (r["출하예정일"] instanceof Date) {
        const t = (r["출하예정일"] as Date).getTime();
        boxesByDay.set(t, (boxesByDay.get(t) ?? 0) + Number(r["상자수"]));
      }
    }
    const schedule = emu.records(SCHEDULE);
    for (const day of schedule) {
      const capacity =
        day["출하량(상자)"] === "" ? (day["요일"] === "일" ? 0 : 40) : Number(day["출하량(상자)"]);
      expect(Number(day["배정"])).toBeLessThanOrEqual(capacity);
      expect(Number(day["배정"])).toBe(boxesByDay.get((day["날짜"] as Date).getTime()) ?? 0);
      expect(Number(day["남음"])).toBe(capacity - Number(day["배정"]));
    }
    expect(schedule[0]!["배정"]).toBeGreaterThan(30);
  });

  it("shows Tutu the day's list after midnight, and takes her ticks back to 주문", () => {
    emu.now = at("2026-07-13T00:05:00+09:00");
    emu.fireTimer("rolloverToday");
    const all = emu.values(TODAY);
    expect(String(all[0]![0])).toMatch(/^7월 13일 \(월\) 출하 · 출하량 40상자 · 배정 \d+상자 · 남음 \d+상자/);
    const list = emu.records(TODAY, 2).filter((r) => r["행ID"] !== "");
    expect(list.length).toBeGreaterThan(5);
    expect(list.map((r) => r["순서"])).toEqual(list.map((_, i) => i + 1));

    emu.now = at("2026-07-13T09:00:00+09:00");
    emu.edit(TODAY, 3, col(emu, TODAY, "수확", 2), [[true]]);
    emu.edit(TODAY, 4, col(emu, TODAY, "택배사", 2), [["CJ대한통운"]]);
    emu.edit(TODAY, 4, col(emu, TODAY, "송장번호", 2), [["5218-5312-3456"]]);
    emu.edit(TODAY, 4, col(emu, TODAY, "발송", 2), [[true]]);

    const byId = new Map(emu.records(ORDERS).map((r) => [r["행ID"], r]));
    expect(byId.get(list[0]!["행ID"])!["진행상태"]).toBe("수확");
    const shipped = byId.get(list[1]!["행ID"])!;
    expect(shipped["진행상태"]).toBe("발송");
    expect(shipped["택배사"]).toBe("CJ대한통운");
    expect(shipped["송장번호"]).toBe("521853123456");
    // Ticking 발송 alone implied 수확 and 포장, each logged.
    const steps = emu
      .records(EVENTS)
      .filter((e) => e["행ID"] === list[1]!["행ID"] && e["사건"] === "상태")
      .map((e) => e["이후"]);
    expect(steps.slice(-3)).toEqual(["수확", "포장", "발송"]);
    // The today tab shows the implied ticks.
    const row2 = emu.records(TODAY, 2)[1]!;
    expect([row2["수확"], row2["포장"], row2["발송"]]).toEqual([true, true, true]);
  });

  it("can rebuild every status from 이력 alone", () => {
    const last = new Map<string, string>();
    for (const e of emu.records(EVENTS)) {
      if (e["사건"] === "상태") last.set(String(e["행ID"]), String(e["이후"]));
      if (e["사건"] === "접수") last.set(String(e["행ID"]), last.get(String(e["행ID"])) ?? "접수");
    }
    for (const r of emu.records(ORDERS)) expect(last.get(String(r["행ID"]))).toBe(r["진행상태"]);
  });

  it("reconcile twice leaves the sheet exactly as once", () => {
    emu.fireTimer("reconcile");
    const once = JSON.stringify(emu.spreadsheet.sheets.map((s) => emu.values(s.getName())));
    emu.fireTimer("reconcile");
    expect(JSON.stringify(emu.spreadsheet.sheets.map((s) => emu.values(s.getName())))).toBe(once);
  });
});
