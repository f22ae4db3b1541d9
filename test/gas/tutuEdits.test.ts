/**
 * Tutu's edits of 오늘 출하 on Apps Script (dist/Code.js in the emulator): the edit trigger only
 * notes when she made them (no lock, no spreadsheet call), and the next reconcile carries them to
 * 주문, 이력 and the status page, logged at her time (src/domain/tickNotes.ts, edit.ts
 * carriedByReconcile).
 */
import { seoulDateTimeOf } from "../../src/domain/clock";
import { TICK_NOTES_APPLIED_KEY } from "../../src/domain/tickNotes";
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { at, col, EVENTS, ORDERS, TODAY, weekendOrders } from "./helpers";

/** Twelve demo orders, five paid, and 오늘 출하 for Monday 13 July as the roll-over leaves it. */
function monday(): AppsScriptEmulator {
  const emu = weekendOrders();
  emu.now = at("2026-07-13T00:20:00+09:00");
  emu.fireTimer("rolloverToday");
  emu.now = at("2026-07-13T07:00:00+09:00");
  emu.fireTimer("reconcile"); // the day's first: a full pass
  return emu;
}

const line = (emu: AppsScriptEmulator, n: number) => emu.records(TODAY, 2)[n]!;
const orderRow = (emu: AppsScriptEmulator, rowId: unknown) =>
  emu.records(ORDERS).find((r) => r["행ID"] === rowId)!;
const statusEvents = (emu: AppsScriptEmulator, rowId: unknown) =>
  emu
    .records(EVENTS)
    .filter((e) => e["행ID"] === rowId && (e["사건"] === "상태" || e["사건"] === "송장"))
    .map((e) => [seoulDateTimeOf(e["시각"] as Date).slice(11), e["누가"], e["이후"]]);

describe("Tutu's edits on Apps Script", () => {
  it("cost no spreadsheet call and no lock; the reconcile carries them, logged at her time", () => {
    const emu = monday();
    const first = line(emu, 0);
    const edits: [string, string, unknown][] = [
      ["09:00", "수확", true],
      ["09:03", "포장", true],
      ["09:05", "택배사", "CJ대한통운"],
      ["09:06", "송장번호", "5218-5312-3456"],
      ["09:07", "발송", true],
    ];
    for (const [time, header, value] of edits) {
      emu.now = at(`2026-07-13T${time}:00+09:00`);
      expect(emu.edit(TODAY, 3, col(emu, TODAY, header, 2), [[value]]).roundTrips).toBe(0);
      const run = emu.executionLog.at(-1)!;
      expect(run.fn).toBe("onEditInstalled");
      expect(Object.keys(run.calls).filter((k) => k.startsWith("LockService"))).toEqual([]);
      // The trigger gate and the tab's index, both from the cache; the note. (The first run
      // after an hour also lists the triggers once for the gate's cache.)
      if (time !== "09:00")
        expect(run.calls).toEqual({ "CacheService.get": 2, "PropertiesService.setProperties": 1 });
      // What Google charges apart from the script's own JavaScript (measured CPU time, which a
      // machine busy with other work inflates: 702.7 ms once with lint and tsc beside jest).
      expect(run.modelledMs - run.jsMs).toBeLessThan(time === "09:00" ? 800 : 700);
      expect(run.jsMs).toBeLessThan(250);
    }
    // Nothing reached 주문 yet; her tab shows what she ticked.
    expect(orderRow(emu, first["행ID"])["진행상태"]).toBe("출하예정");
    expect(line(emu, 0)["발송"]).toBe(true);

    emu.now = at("2026-07-13T09:10:00+09:00");
    emu.fireTimer("reconcile");
    const row = orderRow(emu, first["행ID"]);
    expect([row["진행상태"], row["택배사"], row["송장번호"]]).toEqual(["발송", "CJ대한통운", "521853123456"]);
    expect(statusEvents(emu, first["행ID"]).slice(-5)).toEqual([
      ["09:00", "투투", "수확"],
      ["09:03", "투투", "포장"],
      ["09:05", "투투", "CJ대한통운"],
      ["09:06", "투투", "521853123456"],
      ["09:07", "투투", "발송"],
    ]);
    // The customer's page shows the same times.
    const answer = emu.run(
      "lookupStatus",
      [String(row["주문번호"]), String(row["주문자 연락처"]).slice(-4)],
      "webapp",
    ).value as { ok: boolean; view: { recipients: { timeline: { at: string; text: string }[] }[] } };
    expect(answer.ok).toBe(true);
    expect(answer.view.recipients[0]!.timeline.slice(-3)).toEqual([
      { at: "7월 13일 (월) 오전 9:00", text: "수확 완료" },
      { at: "7월 13일 (월) 오전 9:03", text: "포장 완료" },
      { at: "7월 13일 (월) 오전 9:07", text: "발송" },
    ]);
    // The notes are spent: the next reconcile finds nothing to do and logs nothing twice.
    expect(Number(emu.scriptProperties.get(TICK_NOTES_APPLIED_KEY))).toBe(
      at("2026-07-13T09:10:00+09:00").getTime(),
    );
    const logged = emu.records(EVENTS).length;
    emu.now = at("2026-07-13T09:20:00+09:00");
    emu.fireTimer("reconcile");
    expect(emu.records(EVENTS).length).toBe(logged);
    expect(emu.executionLog.at(-1)!.cellsWritten).toBe(0);
  });

  it("a tick 발송 implies 수확 and 포장: the reconcile ticks them on her line too", () => {
    const emu = monday();
    emu.now = at("2026-07-13T10:00:00+09:00");
    emu.edit(TODAY, 4, col(emu, TODAY, "발송", 2), [[true]]);
    emu.now = at("2026-07-13T10:10:00+09:00");
    emu.fireTimer("reconcile");
    const second = line(emu, 1);
    expect([second["수확"], second["포장"], second["발송"]]).toEqual([true, true, true]);
    expect(statusEvents(emu, second["행ID"]).slice(-3)).toEqual([
      ["10:00", "투투", "수확"],
      ["10:00", "투투", "포장"],
      ["10:00", "투투", "발송"],
    ]);
  });

  it("a tick whose trigger never ran is carried at the reconcile's time", () => {
    const emu = monday();
    // Google dropped the trigger (quota spent, say): the cell changed, nothing noted.
    emu.spreadsheet.tab(TODAY).put(3, col(emu, TODAY, "수확", 2), true);
    emu.now = at("2026-07-13T11:10:00+09:00");
    emu.fireTimer("reconcile");
    expect(statusEvents(emu, line(emu, 0)["행ID"]).slice(-1)).toEqual([["11:10", "투투", "수확"]]);
  });

  it("the midnight roll-over carries last night's ticks at their time before the new day's list", () => {
    const emu = monday();
    const first = line(emu, 0);
    emu.now = at("2026-07-13T23:55:00+09:00");
    emu.edit(TODAY, 3, col(emu, TODAY, "수확", 2), [[true]]);
    emu.now = at("2026-07-14T00:20:00+09:00");
    emu.fireTimer("rolloverToday");
    expect(orderRow(emu, first["행ID"])["진행상태"]).toBe("수확");
    expect(statusEvents(emu, first["행ID"]).slice(-1)).toEqual([["23:55", "투투", "수확"]]);
    expect(String(emu.values(TODAY)[0]![0])).toMatch(/^7월 14일/);
  });

  it("a 주문 edit on the shipment carries the waiting tick of its line, at Tutu's time", () => {
    const emu = monday();
    const first = line(emu, 0);
    emu.now = at("2026-07-13T09:00:00+09:00");
    emu.edit(TODAY, 3, col(emu, TODAY, "포장", 2), [[true]]);
    emu.now = at("2026-07-13T09:04:00+09:00");
    const row = emu.records(ORDERS).findIndex((r) => r["행ID"] === first["행ID"]) + 2;
    emu.edit(ORDERS, row, col(emu, ORDERS, "메모"), [["문 앞에 두세요"]]);
    expect(orderRow(emu, first["행ID"])["진행상태"]).toBe("포장");
    expect(statusEvents(emu, first["행ID"]).slice(-2)).toEqual([
      ["09:00", "투투", "수확"],
      ["09:00", "투투", "포장"],
    ]);
  });

  it("a pasted column of tracking numbers is one note a line; a huge paste notes nothing and is still carried", () => {
    const emu = monday();
    const lines = emu.records(TODAY, 2).filter((r) => r["행ID"]);
    const numbers = lines.map((_, i) => [`6000${10000000 + i}`]);
    emu.now = at("2026-07-13T13:00:00+09:00");
    emu.edit(TODAY, 3, col(emu, TODAY, "송장번호", 2), numbers);
    expect(emu.executionLog.at(-1)!.calls["PropertiesService.setProperties"]).toBe(1);
    const notes = Object.keys(emu.scriptProperties.all()).filter((k) => k.startsWith("TT:"));
    expect(notes).toHaveLength(lines.length);
    // 300 rows × 수확 and 포장: too many cells to note; no store write at all.
    const before = JSON.stringify(emu.scriptProperties.all());
    emu.now = at("2026-07-13T13:05:00+09:00");
    emu.edit(
      TODAY,
      3,
      col(emu, TODAY, "수확", 2),
      Array.from({ length: 300 }, (_, i) => [i < lines.length, i < lines.length]),
    );
    expect(JSON.stringify(emu.scriptProperties.all())).toBe(before);
    emu.now = at("2026-07-13T13:10:00+09:00");
    emu.fireTimer("reconcile");
    for (const [i, l] of lines.entries()) {
      const row = orderRow(emu, l["행ID"]);
      expect([row["진행상태"], row["송장번호"]]).toEqual(["포장", `6000${10000000 + i}`]);
      // The numbers at their time; the ticks of the big paste at the reconcile's.
      expect(
        statusEvents(emu, l["행ID"])
          .slice(-3)
          .map(([time, , to]) => `${time} ${to}`),
      ).toEqual([`13:00 6000${10000000 + i}`, "13:10 수확", "13:10 포장"]);
    }
  });

  it("a note is not taken for another shipment once the tab was sorted: the pass's time instead, and the list's order back", () => {
    const emu = monday();
    const [first, second] = [line(emu, 0), line(emu, 1)];
    emu.now = at("2026-07-13T09:00:00+09:00");
    emu.edit(TODAY, 3, col(emu, TODAY, "수확", 2), [[true]]);
    // Tutu sorts the tab (no trigger fires): the two lines swap places, her tick with its line.
    const tab = emu.spreadsheet.tab(TODAY);
    const [three, four] = [emu.values(TODAY)[2]!, emu.values(TODAY)[3]!];
    four.forEach((v, c) => tab.put(3, c + 1, v));
    three.forEach((v, c) => tab.put(4, c + 1, v));
    emu.now = at("2026-07-13T09:03:00+09:00");
    emu.edit(TODAY, 3, col(emu, TODAY, "수확", 2), [[true]]); // now the second shipment's line
    emu.now = at("2026-07-13T09:10:00+09:00");
    emu.fireTimer("reconcile");
    // Her first tick's note names the first shipment, which line 3 no longer shows; the index
    // the trigger asked still said line 3 was the first shipment's when she ticked the second.
    expect(statusEvents(emu, first["행ID"]).slice(-1)).toEqual([["09:10", "투투", "수확"]]);
    expect(statusEvents(emu, second["행ID"]).slice(-1)).toEqual([["09:10", "투투", "수확"]]);
    expect([line(emu, 0)["행ID"], line(emu, 1)["행ID"]]).toEqual([first["행ID"], second["행ID"]]);
  });

  it("the notes stay small however much she edits: a cell edited again replaces its note", () => {
    const emu = monday();
    const harvested = col(emu, TODAY, "수확", 2);
    for (let k = 0; k < 40; k++) {
      emu.now = new Date(emu.now.getTime() + 60_000);
      emu.edit(TODAY, 3 + (k % 4), harvested, [[k % 2 === 0]]);
    }
    const notes = Object.keys(emu.scriptProperties.all()).filter((key) => key.startsWith("TT:"));
    expect(notes.sort()).toEqual(["TT:3:8", "TT:4:8", "TT:5:8", "TT:6:8"]);
  });
});
