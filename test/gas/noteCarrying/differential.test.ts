/**
 * Edits noted while the lock was held and carried later (src/gas/editNotes.ts), against the same
 * edits made live with the lock free (oracle.ts): each payment at its tick, every line of 이력 at
 * the moment its edit was made, several notes in one pass or one by one (issue 22, session 29).
 */
import type { AppsScriptEmulator } from "../../emulator/appsScript";
import { col, EVENTS, mondayOfTwelve, ORDERS } from "../helpers";

function season(): AppsScriptEmulator {
  const emu = mondayOfTwelve();
  emu.overlap = true;
  return emu;
}
const notesLeft = (emu: AppsScriptEmulator) =>
  Object.keys(emu.scriptProperties.all()).filter((k) => k.startsWith("EN:"));
const set = (
  emu: AppsScriptEmulator,
  ms: number,
  row: number,
  header: string,
  value: unknown,
  who = "",
  tag = "tony",
) =>
  emu.schedule(
    ms,
    () => {
      emu.eventUser = who;
      emu.edit(ORDERS, row, col(emu, ORDERS, header), [[value]]);
    },
    tag,
  );
const paidAt = (emu: AppsScriptEmulator, row: number) => {
  const v = emu.records(ORDERS)[row - 2]!["입금일시"];
  return v instanceof Date ? v.getTime() : v;
};
const payEvents = (emu: AppsScriptEmulator, code: string) =>
  emu.records(EVENTS).filter((e) => e["주문번호"] === code && e["사건"] === "입금");
const setCapacity = (emu: AppsScriptEmulator, boxes: number) =>
  emu.edit("설정", emu.values("설정").findIndex((r) => r[0] === "하루 기본 출하량(상자)") + 1, 2, [[boxes]]);
describe("edit notes carried together, against the same edits made live", () => {
  it("an order whose two rows Tony ticks one after the other is paid at the first tick, as a live edit would pay it", () => {
    const emu = season();
    // A day's harvest of six boxes: 921-040 (3 + 3) and 273-414 (6) cannot ship the same day.
    setCapacity(emu, 6);
    const start = emu.now.getTime() + 600_000;
    // Tony's own edit (a memo on 654-412) holds the lock; the ticks that follow find it held.
    set(emu, start, 2, "메모", "오후 배송", "", "carrier");
    // 921-040 is rows 5 and 6; 273-414 is row 8. Tony ticks row 5, then 273-414, then (the
    // script has not yet shown row 6 as paid) row 6 as well.
    set(emu, start + 1000, 5, "입금상태", "입금완료");
    set(emu, start + 1100, 8, "입금상태", "입금완료");
    set(emu, start + 1200, 6, "입금상태", "입금완료");
    emu.runAgenda();
    expect(notesLeft(emu)).toEqual([]);
    const carrier = emu.executionLog.find((r) => r.tag === "carrier")!;
    expect(carrier.calls["PropertiesService.deleteProperty"]).toBe(3); // all three carried by the holder
    const day = (row: number) => (emu.records(ORDERS)[row - 2]!["출하예정일"] as Date).getTime();
    // 921-040 was paid first (입금순): it ships first.
    expect(day(5)).toBeLessThan(day(8));
    // The order was paid when its first row was ticked: the second tick changed nothing.
    expect(paidAt(emu, 5)).toBe(start + 1000);
    expect(paidAt(emu, 6)).toBe(start + 1000);
    for (const e of payEvents(emu, "921-040")) expect((e["시각"] as Date).getTime()).toBe(start + 1000);
  });

  it("control: the same three ticks with the lock free each time pay 921-040 at its first tick", () => {
    const emu = season();
    setCapacity(emu, 6);
    const start = emu.now.getTime() + 600_000;
    set(emu, start + 1000, 5, "입금상태", "입금완료");
    set(emu, start + 11000, 8, "입금상태", "입금완료");
    set(emu, start + 21000, 6, "입금상태", "입금완료");
    emu.runAgenda();
    expect(paidAt(emu, 5)).toBe(start + 1000);
    const day = (row: number) => (emu.records(ORDERS)[row - 2]!["출하예정일"] as Date).getTime();
    expect(day(5)).toBeLessThan(day(8));
  });
});

import { contended, live, type Act, type as typed } from "./oracle";
import { demoInput } from "../helpers";

const pasteRows = (row: number, rows: Record<string, string | number>[], at: number, who = ""): Act => ({
  at,
  who,
  run: (emu) => {
    const headers = emu.values(ORDERS)[0]!.map(String);
    const width = col(emu, ORDERS, "메모");
    emu.edit(
      ORDERS,
      row,
      1,
      rows.map((r) => headers.slice(0, width).map((h) => r[h] ?? "")),
    );
  },
});

function same(acts: Act[]) {
  const a = contended(acts);
  const b = live(acts);
  return { a, b };
}

describe("edit notes vs live edits (differential)", () => {
  it("a paste of new rows (one joining the order above) between payments: each new row's 접수일시 is its paste's moment", () => {
    const [x, y] = demoInput(14).slice(12);
    const acts = [
      typed(8, "입금상태", "입금완료", 1000),
      pasteRows(
        14,
        [
          { ...x!, 주문자: "오현우", "주문자 연락처": "01064885950" },
          { ...y!, 입금상태: "입금완료" },
        ],
        1100,
      ),
      typed(3, "입금상태", "입금완료", 1200),
    ];
    const { a, b } = same(acts);
    expect(a.snapshot.notes).toEqual([]);
    // The order joined and the new one paid at the paste's moment, as live; but 접수일시 of both
    // new rows is the newest note's moment (t1200), after the new order's own 입금일시 (t1100).
    expect(a.snapshot.rows).toEqual(b.snapshot.rows);
  });

  const check = (
    acts: Act[],
    scene?: () => AppsScriptEmulator,
    parts: ("rows" | "events" | "eventsLoose" | "problems")[] = ["rows", "eventsLoose", "problems"],
  ) => {
    const a = contended(acts, scene);
    const b = live(acts, scene);
    expect(a.snapshot.notes).toEqual([]);
    const carrier = a.emu.executionLog.find((r) => r.tag === "carrier")!;
    // Every act noted and carried by the holder (the scenario is what it says).
    expect(carrier.calls["PropertiesService.deleteProperty"]).toBe(acts.length);
    for (const p of parts) expect({ [p]: a.snapshot[p] }).toEqual({ [p]: b.snapshot[p] });
    return { a, b };
  };

  it("two editors, interleaved", () => {
    check([
      typed(8, "입금상태", "입금완료", 1000, "tony@example.com"),
      typed(3, "입금상태", "입금완료", 1100, "tutu@example.com"),
      typed(7, "입금상태", "입금완료", 1200, "tony@example.com"),
      typed(7, "메모", "문 앞", 1300, "tutu@example.com"),
    ]);
  });

  it("a tick, then a memo on another row of the same order", () => {
    check([
      typed(5, "입금상태", "입금완료", 1000),
      typed(6, "메모", "경비실", 1200),
      typed(8, "입금상태", "입금완료", 1300),
    ]);
  });

  it("tick, untick, tick on one row (held: the sheet ends as live; 이력 keeps only the net payment)", () => {
    check(
      [
        typed(8, "입금상태", "입금완료", 1000),
        typed(3, "입금상태", "입금완료", 1050),
        typed(8, "입금상태", "미입금", 1100),
        typed(8, "입금상태", "입금완료", 1200),
      ],
      undefined,
      ["rows", "problems"],
    );
  });

  const paidScene = () => {
    const emu = mondayOfTwelve();
    emu.now = new Date(emu.now.getTime() + 60_000);
    emu.edit(ORDERS, 8, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    emu.now = new Date(emu.now.getTime() + 60_000);
    emu.edit(ORDERS, 9, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    return emu;
  };

  it("a paid order unticked by mistake and ticked again (held: it stays paid at its first payment, its day kept)", () => {
    const { a, b } = check(
      [
        typed(8, "입금상태", "미입금", 1000),
        typed(3, "입금상태", "입금완료", 1050),
        typed(8, "입금상태", "입금완료", 1100),
      ],
      paidScene,
      ["problems"],
    );
    const row = (p: typeof a) => p.emu.records(ORDERS)[8 - 2]!;
    expect(row(a)["입금상태"]).toBe("입금완료");
    expect(row(a)["출하예정일"]).toEqual(row(b)["출하예정일"]);
  });

  it("a paid order of two rows unticked on one row", () => {
    check([typed(10, "입금상태", "미입금", 1000), typed(3, "입금상태", "입금완료", 1100)], paidScene);
  });

  it("a rename alone on a row of an order, a tick on its other row", () => {
    check([
      typed(5, "받는분", "송미영", 1000),
      typed(6, "입금상태", "입금완료", 1100),
      typed(11, "받는분 연락처", "010-1111-2222", 1200),
    ]);
  });

  it("boxes changed on a paid order (its ship day moves) beside a tick", () => {
    check([typed(9, "상자수", 2, 1000), typed(3, "입금상태", "입금완료", 1100)], paidScene);
  });

  it("a status typed (취소) and a tick", () => {
    check([typed(8, "진행상태", "취소", 1000), typed(3, "입금상태", "입금완료", 1100)], paidScene);
  });

  it("six orders in five notes (a memo over three rows, four ticks): carried note by note, each at its own time", () => {
    check(
      [
        { at: 1000, run: (emu) => emu.edit(ORDERS, 9, col(emu, ORDERS, "메모"), [["a"], ["b"], ["c"]]) },
        typed(3, "입금상태", "입금완료", 1100),
        typed(4, "입금상태", "입금완료", 1150),
        typed(7, "입금상태", "입금완료", 1200),
        typed(8, "입금상태", "입금완료", 1250),
      ],
      undefined,
      ["rows", "events", "problems"],
    );
  });

  it("a batch that falls back, whose first note needs the full pass: the later ticks keep their own times", () => {
    check(
      [
        // Tony moves 조미경's row into 황미경's order by typing its number (the full pass decides it).
        {
          at: 1000,
          run: (emu) =>
            emu.edit(ORDERS, 7, col(emu, ORDERS, "주문번호"), [[emu.records(ORDERS)[8 - 2]!["주문번호"]]]),
        },
        typed(3, "입금상태", "입금완료", 1100),
        typed(4, "입금상태", "입금완료", 1200),
      ],
      undefined,
      ["rows", "eventsLoose", "problems"],
    );
  });

  it("Tony's own edits other than payments (상자수) are logged at their time, and so are the lines a payment brings", () => {
    check([typed(9, "상자수", 2, 1000), typed(3, "입금상태", "입금완료", 1100)], paidScene, ["events"]);
  });

  it("ticks either side of midnight, carried after it: the one before midnight keeps its day and stays ahead of the one after", () => {
    const emu = mondayOfTwelve();
    emu.now = new Date("2026-07-13T23:49:00+09:00");
    emu.fireTimer("reconcile");
    const pay = col(emu, ORDERS, "입금상태");
    const orders = emu.spreadsheet.tab(ORDERS);
    // Two ticks Tony made while a long execution held the lock, as his trigger noted them.
    const before = new Date("2026-07-13T23:59:59+09:00").getTime();
    const after = new Date("2026-07-14T00:00:01+09:00").getTime();
    orders.put(8, pay, "입금완료");
    emu.scriptProperties.set(`EN:${before}:a`, JSON.stringify({ t: "orders", r: [8, 1, pay, 1] }));
    orders.put(3, pay, "입금완료");
    emu.scriptProperties.set(`EN:${after}:b`, JSON.stringify({ t: "orders", r: [3, 1, pay, 1] }));
    // The holder carries them at 00:00:03.
    emu.now = new Date("2026-07-14T00:00:03+09:00");
    emu.edit(ORDERS, 2, col(emu, ORDERS, "메모"), [["오후 배송"]]);
    expect(notesLeft(emu)).toEqual([]);
    const seoulDay = (ms: number) => new Date(ms + 9 * 3600_000).toISOString().slice(0, 10);
    // Paid before midnight, ticked first: ahead of the one ticked after midnight.
    expect(paidAt(emu, 8) as number).toBeLessThan(paidAt(emu, 3) as number);
    expect(seoulDay(paidAt(emu, 8) as number)).toBe("2026-07-13");
  });
});
