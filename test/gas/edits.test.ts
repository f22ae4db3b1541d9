/**
 * Edits as they happen in a real season, through dist/Code.js: big pastes, sorting, capacity
 * cuts, hand-typed dates, bad rows fixed later, corrections, failures and two executions at once.
 */
import { AppsScriptEmulator } from "../emulator/appsScript";
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

function payAll(emu: AppsScriptEmulator, rows: number[]): void {
  const payment = col(emu, ORDERS, "입금상태");
  for (const row of rows) {
    emu.now = new Date(emu.now.getTime() + 60_000);
    emu.edit(ORDERS, row, payment, [["입금완료"]]);
  }
}

const cell = (emu: AppsScriptEmulator, row: number, header: string) =>
  emu.spreadsheet.tab(ORDERS).get(row, col(emu, ORDERS, header));

const rowOfId = (emu: AppsScriptEmulator, id: unknown) =>
  emu.records(ORDERS).findIndex((r) => r["행ID"] === id) + 2;

const daysOver = (emu: AppsScriptEmulator) => emu.records(SCHEDULE).filter((d) => Number(d["남음"]) < 0);

function seasonOf(count: number): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-10T09:00:00+09:00");
  paste(emu, demoInput(count));
  return emu;
}

describe("pastes", () => {
  it("takes a 200-row paste in one pass, every row arriving", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-10T09:00:00+09:00");
    const base = demoInput();
    const rows = Array.from({ length: 200 }, (_, i) => ({ ...base[i % base.length]!, 메모: `줄 ${i + 1}` }));
    const { roundTrips } = paste(emu, rows);
    const orders = emu.records(ORDERS);
    expect(orders).toHaveLength(200);
    expect(orders.map((r) => r["메모"])).toEqual(rows.map((r) => r["메모"]));
    expect(new Set(orders.map((r) => r["행ID"])).size).toBe(200);
    expect(roundTrips).toBeLessThanOrEqual(30);
  });

  it("a pasted payment column pays those orders in one go", () => {
    const emu = seasonOf(30);
    const payment = col(emu, ORDERS, "입금상태");
    emu.now = at("2026-07-11T09:00:00+09:00");
    emu.edit(
      ORDERS,
      2,
      payment,
      Array.from({ length: 30 }, () => ["O"]),
    );
    const rows = emu.records(ORDERS).filter((r) => r["확인 필요"] === "");
    expect(rows.every((r) => r["입금상태"] === "입금완료")).toBe(true);
    expect(rows.every((r) => r["출하예정일"] instanceof Date || r["진행상태"] === "대기")).toBe(true);
    expect(daysOver(emu)).toEqual([]);
  });
});

describe("rows are found by id, never by position", () => {
  it("sorting 주문 between two edits breaks nothing", () => {
    const emu = seasonOf(20);
    payAll(emu, [2, 3, 4]);
    const before = new Map(emu.records(ORDERS).map((r) => [r["행ID"], r]));
    // Tony sorts 주문 by 받는분 (the data rows move; the hidden ids move with them).
    const nameCol = col(emu, ORDERS, "받는분") - 1;
    emu.spreadsheet.tab(ORDERS).sortRows(2, (a, b) => String(a[nameCol]).localeCompare(String(b[nameCol])));
    const target =
      emu.records(ORDERS).findIndex((r) => r["입금상태"] !== "입금완료" && r["확인 필요"] === "") + 2;
    const targetId = cell(emu, target, "행ID");
    payAll(emu, [target]);
    for (const r of emu.records(ORDERS)) {
      const old = before.get(r["행ID"])!;
      expect(r["받는분"]).toBe(old["받는분"]);
      if (r["주문번호"] !== cell(emu, rowOfId(emu, targetId), "주문번호")) {
        expect(r["입금상태"]).toBe(old["입금상태"]);
        expect(r["출하예정일"]).toEqual(old["출하예정일"]);
      }
    }
    expect(cell(emu, rowOfId(emu, targetId), "입금상태")).toBe("입금완료");
  });

  it("a row copied with its hidden cells becomes a new row with its own id and token", () => {
    const emu = seasonOf(3);
    const first = emu.values(ORDERS)[1]!;
    emu.edit(ORDERS, 5, 1, [first.map((v) => (v instanceof Date ? v : String(v)))]);
    const rows = emu.records(ORDERS);
    expect(new Set(rows.map((r) => r["행ID"])).size).toBe(4);
    expect(new Set(rows.map((r) => r["조회토큰"])).size).toBe(4);
  });
});

describe("capacity", () => {
  it("lowering a day's capacity moves its latest-paid shipments to later days, logged", () => {
    const emu = seasonOf(40);
    emu.now = at("2026-07-11T09:00:00+09:00");
    payAll(
      emu,
      Array.from({ length: 30 }, (_, i) => i + 2),
    );
    const dayRow = emu.records(SCHEDULE).findIndex((d) => Number(d["배정"]) > 20) + 2;
    const day = emu.spreadsheet.tab(SCHEDULE).get(dayRow, 1) as Date;
    const onDay = () =>
      emu.records(ORDERS).filter((r) => (r["출하예정일"] as Date)?.getTime?.() === day.getTime());
    const before = onDay();
    emu.edit(SCHEDULE, dayRow, col(emu, SCHEDULE, "출하량(상자)"), [[10]]);
    const after = onDay();
    expect(after.reduce((n, r) => n + Number(r["상자수"]), 0)).toBeLessThanOrEqual(10);
    const moved = before.filter((r) => !after.some((a) => a["행ID"] === r["행ID"]));
    expect(moved.length).toBeGreaterThan(0);
    // The ones that moved were paid last.
    const lastKept = Math.max(...after.map((r) => (r["입금일시"] as Date).getTime()));
    for (const m of moved) expect((m["입금일시"] as Date).getTime()).toBeGreaterThanOrEqual(lastKept);
    const logged = emu.records(EVENTS).filter((e) => e["사건"] === "출하일 변경");
    expect(logged.map((e) => e["행ID"]).sort()).toEqual(moved.map((m) => m["행ID"]).sort());
    expect(emu.records(SCHEDULE)[dayRow - 2]!["배정"]).toBeLessThanOrEqual(10);
    expect(daysOver(emu)).toEqual([]);
  });

  it("a capacity that is not a number lands in 오류 and resolves once fixed", () => {
    const emu = seasonOf(2);
    const capacity = col(emu, SCHEDULE, "출하량(상자)");
    emu.edit(SCHEDULE, 3, capacity, [["많이"]]);
    const open = () => emu.records(PROBLEMS).filter((p) => p["해결됨"] !== true && p["탭"] === SCHEDULE);
    expect(open().map((p) => [p["항목"], p["원래 값"]])).toEqual([["출하량(상자)", "많이"]]);
    emu.edit(SCHEDULE, 3, capacity, [[25]]);
    expect(open()).toEqual([]);
    expect(emu.records(SCHEDULE)[1]!["남음"]).toBe(25 - Number(emu.records(SCHEDULE)[1]!["배정"]));
  });

  it("a closed day gives up all of its shipments", () => {
    const emu = seasonOf(20);
    emu.now = at("2026-07-11T09:00:00+09:00");
    payAll(
      emu,
      Array.from({ length: 10 }, (_, i) => i + 2),
    );
    emu.edit(SCHEDULE, 2, col(emu, SCHEDULE, "휴무"), [[true]]);
    expect(emu.records(SCHEDULE)[0]!["배정"]).toBe(0);
    expect(daysOver(emu)).toEqual([]);
  });

  it("a shipment larger than any day is flagged to be split, and not scheduled", () => {
    const emu = seasonOf(2);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "상자수"), [[45]]);
    payAll(emu, [2]);
    expect(cell(emu, 2, "출하예정일")).toBe("");
    expect(String(cell(emu, 2, "확인 필요"))).toMatch(/나눠 주세요/);
    expect(emu.records(PROBLEMS).some((p) => /나눠 주세요/.test(String(p["문제"])))).toBe(true);
  });
});

describe("hand-typed ship dates", () => {
  it("refuses a date over that day's capacity: the old value comes back, the reason lands in 오류", () => {
    const emu = seasonOf(40);
    emu.now = at("2026-07-11T09:00:00+09:00");
    payAll(
      emu,
      Array.from({ length: 30 }, (_, i) => i + 2),
    );
    const full = emu.records(SCHEDULE).find((d) => Number(d["남음"]) < 5)!;
    const row =
      emu
        .records(ORDERS)
        .findIndex(
          (r) =>
            r["출하예정일"] instanceof Date &&
            Number(r["상자수"]) >= 5 &&
            (r["출하예정일"] as Date).getTime() !== (full["날짜"] as Date).getTime(),
        ) + 2;
    const old = cell(emu, row, "출하예정일");
    emu.edit(ORDERS, row, col(emu, ORDERS, "출하예정일"), [[full["날짜"]]]);
    expect(cell(emu, row, "출하예정일")).toEqual(old);
    const problem = emu.records(PROBLEMS).at(-1)!;
    expect(problem["항목"]).toBe("출하예정일");
    expect(String(problem["문제"])).toMatch(/이미 배정되어/);
    expect(daysOver(emu)).toEqual([]);
  });

  it("accepts a date that fits, and keeps it", () => {
    const emu = seasonOf(4);
    emu.now = at("2026-07-11T09:00:00+09:00");
    payAll(emu, [2]);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "출하예정일"), [["2026-07-20"]]);
    const date = cell(emu, 2, "출하예정일") as Date;
    expect(date.toISOString()).toBe("2026-07-19T15:00:00.000Z");
    expect(
      emu.records(EVENTS).some((e) => e["사건"] === "출하일 직접 지정" && e["이후"] === "2026-07-20"),
    ).toBe(true);
    emu.fireTimer("reconcile");
    expect(cell(emu, 2, "출하예정일")).toEqual(date);
  });

  it("refuses a date on an unpaid order and text that is no date", () => {
    const emu = seasonOf(3);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "출하예정일"), [["2026-07-20"]]);
    emu.edit(ORDERS, 3, col(emu, ORDERS, "출하예정일"), [["내일"]]);
    expect(cell(emu, 2, "출하예정일")).toBe("");
    expect(cell(emu, 3, "출하예정일")).toBe("");
    expect(emu.records(PROBLEMS).map((p) => String(p["문제"]))).toEqual(
      expect.arrayContaining([expect.stringMatching(/입금 전/), expect.stringMatching(/날짜 형식/)]),
    );
  });
});

describe("bad rows", () => {
  it("stay in place, flagged, and resolve themselves once fixed", () => {
    const emu = freshSpreadsheet();
    const [row] = demoInput(1);
    paste(emu, [{ ...row!, 상자수: "세 상자", "받는분 연락처": "010-123" }]);
    expect(cell(emu, 2, "상자수")).toBe("세 상자");
    expect(String(cell(emu, 2, "확인 필요"))).toMatch(/상자수.*받는분 연락처|받는분 연락처.*상자수/);
    const open = () => emu.records(PROBLEMS).filter((p) => p["해결됨"] !== true);
    expect(open()).toHaveLength(2);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "상자수"), [["3상자"]]);
    expect(open().map((p) => p["항목"])).toEqual(["받는분 연락처"]);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "받는분 연락처"), [["01098765432"]]);
    expect(open()).toEqual([]);
    expect(cell(emu, 2, "받는분 연락처")).toBe("010-9876-5432");
    expect(cell(emu, 2, "확인 필요")).toBe("");
    expect(cell(emu, 2, "합계")).toBeGreaterThan(0);
  });

  it("never runs a customer's name as a formula", () => {
    const emu = freshSpreadsheet();
    const [row] = demoInput(1);
    paste(emu, [{ ...row!, 받는분: '\'=HYPERLINK("http://evil")' }]);
    emu.now = at("2026-07-12T09:00:00+09:00");
    payAll(emu, [2]);
    emu.now = at("2026-07-13T00:05:00+09:00");
    emu.fireTimer("rolloverToday");
    const today = emu.records(TODAY, 2)[0]!;
    expect(today["받는분"]).toBe('=HYPERLINK("http://evil")');
    expect(emu.spreadsheet.tab(TODAY).formulas.size).toBe(0);
    expect(emu.spreadsheet.tab(ORDERS).formulas.size).toBe(0);
  });
});

describe("status and payment corrections", () => {
  it("Tony may set a status back, logged as a correction; Tutu's un-tick is refused", () => {
    const emu = seasonOf(3);
    emu.now = at("2026-07-12T09:00:00+09:00");
    payAll(emu, [2]);
    emu.now = at("2026-07-13T00:05:00+09:00");
    emu.fireTimer("rolloverToday");
    emu.edit(TODAY, 3, col(emu, TODAY, "포장", 2), [[true]]);
    emu.fireTimer("reconcile"); // Tutu's edits reach 주문 with the next reconcile
    expect(cell(emu, 2, "진행상태")).toBe("포장");
    emu.edit(TODAY, 3, col(emu, TODAY, "포장", 2), [[false]]);
    emu.fireTimer("reconcile");
    expect(cell(emu, 2, "진행상태")).toBe("포장");
    expect(emu.records(TODAY, 2)[0]!["포장"]).toBe(true);
    expect(String(emu.records(PROBLEMS).at(-1)!["문제"])).toMatch(/토니가/);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "진행상태"), [["수확"]]);
    expect(cell(emu, 2, "진행상태")).toBe("수확");
    const last = emu.records(EVENTS).at(-1)!;
    expect([last["누가"], last["이전"], last["이후"], last["내용"]]).toEqual([
      "토니",
      "포장",
      "수확",
      "정정",
    ]);
  });

  it("cancelling frees the day; un-paying an order takes its date back", () => {
    const emu = seasonOf(6);
    emu.now = at("2026-07-12T09:00:00+09:00");
    payAll(emu, [2, 3]);
    const assigned = () => emu.records(SCHEDULE).reduce((n, d) => n + Number(d["배정"]), 0);
    const total = assigned();
    emu.edit(ORDERS, 2, col(emu, ORDERS, "진행상태"), [["취소"]]);
    expect(cell(emu, 2, "출하예정일")).toBe("");
    expect(assigned()).toBe(total - Number(cell(emu, 2, "상자수")));
    emu.edit(ORDERS, 3, col(emu, ORDERS, "입금상태"), [["미입금"]]);
    expect(cell(emu, 3, "출하예정일")).toBe("");
    expect(cell(emu, 3, "진행상태")).toBe("접수");
  });

  it("refuses to cancel what was shipped", () => {
    const emu = seasonOf(2);
    emu.now = at("2026-07-12T09:00:00+09:00");
    payAll(emu, [2]);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "진행상태"), [["발송"]]);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "진행상태"), [["취소"]]);
    expect(cell(emu, 2, "진행상태")).toBe("발송");
    expect(String(emu.records(PROBLEMS).at(-1)!["문제"])).toMatch(/취소할 수 없습니다/);
  });
});

describe("failures", () => {
  it("no exception escapes a trigger: it lands in 오류 with the function and message", () => {
    const emu = seasonOf(2);
    emu.counter.failNext = { method: "findAll", message: "Service Spreadsheets timed out" };
    expect(() => emu.edit(ORDERS, 2, col(emu, ORDERS, "메모"), [["빨리"]])).not.toThrow();
    const problem = emu.records(PROBLEMS).at(-1)!;
    expect([problem["탭"], problem["항목"]]).toEqual(["스크립트", "onEditInstalled"]);
    expect(String(problem["문제"])).toMatch(/Service Spreadsheets timed out/);
  });

  it("an edit that finds the lock held is noted and carried by the holder right after its release, at Tony's time", () => {
    const emu = seasonOf(4);
    emu.now = at("2026-07-12T09:00:00+09:00");
    const payment = col(emu, ORDERS, "입금상태");
    const problems = emu.records(PROBLEMS).length;
    // While a reconcile holds the lock, Tony ticks a payment: his execution notes it and ends.
    let tickedAt = 0;
    emu.interleave(3, () => {
      tickedAt = emu.now.getTime();
      emu.edit(ORDERS, 2, payment, [["입금완료"]]);
    });
    emu.fireTimer("reconcile");
    const [edit, reconcile] = emu.executionLog.slice(-2);
    expect(edit!.fn).toBe("onEditInstalled");
    expect(edit!.calls["PropertiesService.setProperty"]).toBe(1); // the note
    expect(edit!.calls["LockService.tryLock"]).toBe(2); // before the note and after it
    expect(edit!.cellsWritten).toBe(0);
    // The reconcile carried it after its release and removed the note: no problem, no wait.
    expect(reconcile!.fn).toBe("reconcile");
    expect(reconcile!.calls["PropertiesService.deleteProperty"]).toBe(1);
    expect(Object.keys(emu.scriptProperties.all()).filter((k) => k.startsWith("EN:"))).toEqual([]);
    expect(emu.records(PROBLEMS)).toHaveLength(problems);
    expect(cell(emu, 2, "출하예정일")).toBeInstanceOf(Date);
    expect((cell(emu, 2, "입금일시") as Date).getTime()).toBe(tickedAt);
    expect(emu.records(EVENTS).some((e) => e["사건"] === "입금" && e["행ID"] === cell(emu, 2, "행ID"))).toBe(
      true,
    );
  });

  it("two executions at once end as the same edits one after the other", () => {
    const run = (interleaved: boolean) => {
      const emu = seasonOf(30);
      emu.now = at("2026-07-12T09:00:00+09:00");
      const payment = col(emu, ORDERS, "입금상태");
      payAll(
        emu,
        Array.from({ length: 20 }, (_, i) => i + 2),
      );
      if (interleaved) {
        emu.interleave(2, () => emu.edit(ORDERS, 25, payment, [["입금완료"]]));
        emu.edit(ORDERS, 24, payment, [["입금완료"]]);
        emu.fireTimer("reconcile");
      } else {
        emu.edit(ORDERS, 24, payment, [["입금완료"]]);
        emu.edit(ORDERS, 25, payment, [["입금완료"]]);
        emu.fireTimer("reconcile");
      }
      // Everything but the times of the runs themselves.
      const key = (o: Record<string, unknown>) =>
        [
          o["행ID"] ? "" : "?",
          o["받는분"],
          o["상자수"],
          o["입금상태"],
          String(o["출하예정일"]),
          o["진행상태"],
          o["합계"],
        ].join("|");
      return {
        orders: emu.records(ORDERS).map(key),
        schedule: emu.records(SCHEDULE),
        over: daysOver(emu),
      };
    };
    const together = run(true);
    const sequential = run(false);
    expect(together.over).toEqual([]);
    expect(together.orders).toEqual(sequential.orders);
    expect(together.schedule).toEqual(sequential.schedule);
  });
});
