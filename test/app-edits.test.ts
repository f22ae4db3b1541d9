/**
 * Incremental = full: random sequences of edits go through the edit path (the edited rows and
 * their orders only, the season in sums) and, beside them, through the full pass every time; the
 * two copies must agree cell for cell. Tutu's edits of 오늘 출하 wait for the reconcile in the
 * first copy (edit.ts carriedByReconcile), noted with their time as the edit trigger notes them,
 * and are carried at once by a full pass in the reference: carrying later must come to the same
 * sheet as carrying at once (Tony's edits in between are judged against her waiting ticks). While
 * one waits the copies may differ; once the timer's reconcile has run they agree again, 이력 and
 * 오류 as sets of lines (a tick carried later is logged later in the tab, at Tutu's time). A tick
 * she undoes before the reconcile carries it never happened, so a second edit of a waiting line
 * comes after a timer here. At the end a full reconcile must change nothing. A season of many
 * orders, so the touched ones are a small part.
 */
import fc from "fast-check";
import { applyEdit, applyEdits, carriedByReconcile, type EditedRange } from "../src/app/edit";
import { reconcileChanges, type ReconcileMemo } from "../src/app/reconcile";
import { readTickNotes, tickNoteEntries, TICK_NOTES_APPLIED_KEY } from "../src/domain/tickNotes";
import type { Cell } from "../src/app/port";
import { sync, type EditedTab, type SyncMode, type TimedEdit } from "../src/app/sync";
import { seoulMidnight, addDays } from "../src/domain/clock";
import { localHost } from "../src/local/demo";
import { MemoryCache, MemoryWorkbook } from "../src/local/memoryWorkbook";
import { tab } from "../src/templates";

const ORDERS = tab("orders");
const TODAY = tab("today");
const SCHEDULE = tab("schedule");
const RECONCILE: SyncMode = { kind: "reconcile" };
const ADDRESSES = [
  "서울특별시 중구 세종대로 110",
  "부산광역시 해운대구 해운대로 1",
  "대구광역시 중구 동성로 2",
];
const ITEMS = ["백도 4.5kg", "황도 4.5kg"];
const MORNING = new Date("2026-07-13T08:00:00+09:00");

/** A season of `orders` orders (one to three rows each, two in three paid), reconciled twice. */
function season(orders: number, capacity: number, policy: "strict" | "fill") {
  const book = new MemoryWorkbook();
  book.setUp("2026-07-10");
  const settings = book.sheet(tab("settings").name)!;
  const settingRow = (label: string) => settings.readAll().findIndex((r) => r[0] === label) + 1;
  settings.write(settingRow("하루 기본 출하량(상자)"), 2, [[capacity]]);
  if (policy === "fill") settings.write(settingRow("배정 방식"), 2, [["빈자리 채우기"]]);
  const sheet = book.sheet(ORDERS.name)!;
  const header = sheet.readAll()[0]!.map(String);
  const rows: Cell[][] = [];
  for (let o = 0; o < orders; o++) {
    for (let k = 0; k < 1 + (o % 3 === 1 ? 1 : 0) + (o % 7 === 3 ? 1 : 0); k++) {
      const values: Record<string, Cell> = {
        주문자: `주문자${o}`,
        "주문자 연락처": `010-5000-${String(1000 + o)}`,
        받는분: `받는분${o}-${k % 2}`,
        "받는분 연락처": `010-6000-${String(1000 + o)}`,
        우편번호: "04524",
        주소: ADDRESSES[(o + k) % ADDRESSES.length]!,
        품목: ITEMS[(o + k) % 2]!,
        상자수: 1 + ((o * 7 + k) % 4),
        입금상태: o % 3 === 0 ? "" : "입금완료",
      };
      rows.push(header.map((h) => values[h] ?? ""));
    }
  }
  sheet.write(2, 1, rows);
  const host = localHost(book, new Date("2026-07-10T12:00:00+09:00"));
  sync(host, RECONCILE);
  host.clock.now = MORNING;
  // The timer's first run of the day: a full pass, and the memo its next runs start from.
  const { memo } = reconcileChanges(host, { memo: null, full: RECONCILE });
  return { book, cache: host.cache as MemoryCache, memo };
}

const clone = (base: { book: MemoryWorkbook; cache: MemoryCache; memo?: ReconcileMemo }) => {
  const book = new MemoryWorkbook();
  for (const [name, sheet] of base.book.sheets)
    book.addSheet(
      name,
      sheet.rows.map((r) => (r ?? []).map((v) => (v instanceof Date ? new Date(v.getTime()) : v))),
    );
  const cache = new MemoryCache();
  type Entries = { values: Map<string, { value: string; until: number }> };
  for (const [k, v] of (base.cache as unknown as Entries).values)
    (cache as unknown as Entries).values.set(k, { ...v });
  return { book, cache, memo: base.memo ?? null };
};

/** 이력 and 오류 as sets of lines: which pass logged a line may differ, not the line. */
const unordered = (tabs: ReturnType<typeof snapshot>) =>
  new Map(
    [...tabs].map(([name, rows]) =>
      name === tab("events").name || name === tab("problems").name
        ? [name, [rows[0] ?? [], ...rows.slice(1).sort((a, b) => a.join().localeCompare(b.join()))]]
        : [name, rows],
    ),
  );

const snapshot = (book: MemoryWorkbook) =>
  new Map(
    [...book.sheets].map(([name, sheet]) => [
      name,
      sheet.readAll().map((r) => r.map((v) => JSON.stringify(v))),
    ]),
  );

/** The cells two workbooks disagree on (first few), as `tab!row,column: a ≠ b`. */
function differences(a: ReturnType<typeof snapshot>, b: ReturnType<typeof snapshot>): string[] {
  const out: string[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(name) ?? [];
    const y = b.get(name) ?? [];
    for (let r = 0; r < Math.max(x.length, y.length); r++)
      for (let c = 0; c < Math.max(x[r]?.length ?? 0, y[r]?.length ?? 0); c++)
        if ((x[r]?.[c] ?? '""') !== (y[r]?.[c] ?? '""') && out.length < 12)
          out.push(`${name}!${r + 1},${c + 1}: ${x[r]?.[c]} ≠ ${y[r]?.[c]}`);
  }
  return out;
}

type Edit =
  | { kind: "pay" | "unpay" | "memo"; pick: number }
  | { kind: "boxes"; pick: number; boxes: number }
  | { kind: "batch"; picks: { pick: number; pay: boolean }[] }
  | { kind: "status"; pick: number; label: string }
  | { kind: "date"; pick: number; day: number }
  | { kind: "paste"; count: number; sameOrderer: boolean; paid: boolean; wide: boolean }
  | { kind: "tick"; pick: number; column: "harvested" | "packed" | "shipped" | "courier" | "trackingNumber" }
  | { kind: "capacity"; day: number; capacity: number }
  | { kind: "sort" }
  | { kind: "copyRow"; pick: number }
  | { kind: "timer" };

const arbEdit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constantFrom("pay" as const, "unpay" as const), pick: fc.nat() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("memo" as const), pick: fc.nat() }) },
  {
    // Edits noted while the lock was held, carried in one pass (editNotes.ts), each at its time.
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("batch" as const),
      picks: fc.array(fc.record({ pick: fc.nat(), pay: fc.boolean() }), { minLength: 2, maxLength: 5 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("boxes" as const),
      pick: fc.nat(),
      boxes: fc.integer({ min: 1, max: 9 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("status" as const),
      pick: fc.nat(),
      label: fc.constantFrom("취소", "수확", "발송", "입금완료", "접수"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("date" as const),
      pick: fc.nat(),
      day: fc.integer({ min: 0, max: 12 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("paste" as const),
      // A few rows, or a day of orders pasted at once (the edit path up to MAX_EDITED_ROWS). With
      // these, session 30 found a problem's 입력값 left stale in 오류 on the edit path (seed
      // -1244712520, path "29:7:8:21:8:3:17:3:7:7:7:7:5:5:5:5"; decide.ts writeRows).
      count: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 21, max: 45 })),
      sameOrderer: fc.boolean(),
      paid: fc.boolean(),
      wide: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("tick" as const),
      pick: fc.nat(),
      column: fc.constantFrom(
        "harvested" as const,
        "packed" as const,
        "shipped" as const,
        "courier" as const,
        "trackingNumber" as const,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("capacity" as const),
      day: fc.integer({ min: 0, max: 10 }),
      capacity: fc.integer({ min: 0, max: 12 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sort" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("copyRow" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("timer" as const) }) },
);

/** A seeded source of random bytes: the two copies draw the same codes and ids. */
function seeded(seed: number): { random: (n: number) => Uint8Array; reseed(seed: number): void } {
  let state = seed >>> 0;
  return {
    random: (n) =>
      Uint8Array.from({ length: n }, () => {
        // mulberry32
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) & 0xff;
      }),
    reseed(next) {
      state = next >>> 0;
    },
  };
}

type Host = ReturnType<typeof localHost<MemoryWorkbook>>;

/** One copy of the sheet: its host (with the edit trigger's notes of Tutu's edits) and timer. */
interface Copy {
  incremental: boolean;
  host: Host;
  /** The script properties the notes live in (Apps Script's; the test keeps them here). */
  notes: Record<string, string>;
  memo: ReconcileMemo | null;
  /** Lines of 오늘 출하 with an edit of Tutu's the timer has not carried yet. */
  waiting: Set<number>;
}

const TUTU_COLUMNS = TODAY.columns.flatMap((c, i) => (c.owner === "tutu" ? [i + 1] : []));

/** The notes used up after the timer's pass, which carries all of 오늘 출하 (as main.ts spends them). */
const spend = (copy: Copy) => {
  copy.notes[TICK_NOTES_APPLIED_KEY] = String(copy.host.clock.now.getTime());
  copy.waiting.clear();
};

/** The line of 오늘 출하 a tick lands on (rows left blank below a shorter list are not lines). */
function tickedLine(book: MemoryWorkbook, pick: number): number | null {
  const idColumn = TODAY.columns.findIndex((c) => c.key === "rowId");
  const rows = book.sheet(TODAY.name)!.readAll();
  const lines = rows.filter((r, i) => i >= TODAY.headerRow && r[idColumn] !== "").length;
  return lines > 0 ? TODAY.headerRow + 1 + (pick % lines) : null;
}

/**
 * Tony or Tutu types into a tab, then the edit trigger runs: the edit path (`incremental`), or
 * the full pass every time (the reference); Tutu's edits only leave a note, and the timer's
 * reconcile carries them. Returns why the full pass ran, if it did.
 */
function play(copy: Copy, edit: Edit, serial: number, reseed: () => void): string | null {
  const { host, incremental } = copy;
  const book = host.workbook;
  const orders = book.sheet(ORDERS.name)!;
  const header = orders.readAll()[0]!.map(String);
  const at = (key: string) => ORDERS.columns.find((c) => c.key === key)!.header;
  const column = (key: string) => header.indexOf(at(key)) + 1;
  const count = orders.readAll().length - 1;
  const row = (pick: number) => 2 + (pick % count);
  const type = (tabKey: EditedTab, first: number, col: number, values: Cell[][]): string | null => {
    const def = tab(tabKey);
    book.sheet(def.name)!.write(first, col, values);
    const range: EditedRange = {
      first,
      count: values.length,
      column: col,
      columns: values[0]!.length,
    };
    const mode = { kind: "edit" as const, tab: tabKey };
    const full = () =>
      sync(
        host,
        mode.tab === "orders"
          ? { ...mode, tab: "orders", editedRows: [{ first, count: values.length }] }
          : mode,
      );
    if (carriedByReconcile(tabKey) && incremental) {
      Object.assign(copy.notes, tickNoteEntries(range, TUTU_COLUMNS, def.headerRow, host.now().getTime()));
      copy.waiting.add(first);
      return "carried by the reconcile";
    }
    reseed();
    if (tabKey === "schedule" || !incremental) {
      full();
      return "full";
    }
    const why = applyEdit(host, mode, range);
    if (why !== null) {
      reseed(); // the full pass draws the same ids as the reference's
      full();
    }
    return why;
  };
  switch (edit.kind) {
    case "pay":
    case "unpay":
      return type("orders", row(edit.pick), column("payment"), [[edit.kind === "pay" ? "입금완료" : ""]]);
    case "memo":
      return type("orders", row(edit.pick), column("memo"), [[`메모 ${serial}`]]);
    case "boxes":
      return type("orders", row(edit.pick), column("boxes"), [[edit.boxes]]);
    case "batch": {
      const ranges: EditedRange[] = [];
      const editTimes: TimedEdit[] = [];
      edit.picks.forEach(({ pick, pay }, k) => {
        const at = row(pick);
        const col = column(pay ? "payment" : "memo");
        orders.write(at, col, [[pay ? "입금완료" : `메모 ${serial}-${k}`]]);
        ranges.push({ first: at, count: 1, column: col, columns: 1 });
        editTimes.push({
          ...ranges.at(-1)!,
          at: new Date(host.now().getTime() - (edit.picks.length - k) * 1000),
        });
      });
      const mode = { kind: "edit" as const, tab: "orders" as const, editTimes };
      const full = () =>
        sync(host, { ...mode, editedRows: ranges.map((r) => ({ first: r.first, count: 1 })) });
      reseed();
      if (!incremental) {
        full();
        return "full";
      }
      const why = applyEdits(host, mode, ranges);
      if (why !== null) {
        reseed();
        full();
      }
      return why;
    }
    case "status":
      return type("orders", row(edit.pick), column("status"), [[edit.label]]);
    case "date":
      return type("orders", row(edit.pick), column("shipDate"), [
        [seoulMidnight(addDays("2026-07-13", edit.day))],
      ]);
    case "paste": {
      const last = orders.readAll().at(-1)!;
      // A big paste of new orderers is a day's orders, each its own orderer (and order).
      const ordererOf = (k: number) =>
        edit.sameOrderer
          ? {
              주문자: String(last[column("ordererName") - 1]),
              "주문자 연락처": String(last[column("ordererPhone") - 1]),
            }
          : edit.count > 3
            ? {
                주문자: `새주문자${serial}-${k}`,
                "주문자 연락처": `010-71${String(10 + k)}-${String(1000 + (serial % 9000))}`,
              }
            : { 주문자: `새주문자${serial}`, "주문자 연락처": `010-7000-${String(1000 + (serial % 9000))}` };
      const rows = Array.from({ length: edit.count }, (_, k) => {
        const values: Record<string, Cell> = {
          ...ordererOf(k),
          받는분: `새받는분${serial}-${k}`,
          "받는분 연락처": "010-8000-1234",
          우편번호: "04524",
          주소: ADDRESSES[k % ADDRESSES.length]!,
          품목: ITEMS[k % 2]!,
          상자수: 1 + (k % 3),
          입금상태: edit.paid ? "입금완료" : "",
        };
        return header.map((h) => values[h] ?? "");
      });
      // Tony pastes the columns he fills, or whole rows copied from another sheet (hidden cells blank).
      const from = edit.wide ? 1 : column("ordererName");
      const to = edit.wide ? header.length : column("payment");
      return type(
        "orders",
        count + 2,
        from,
        rows.map((r) => r.slice(from - 1, to)),
      );
    }
    case "tick": {
      const today = book.sheet(TODAY.name)!;
      const line = tickedLine(book, edit.pick);
      if (line === null) return "no line";
      const col = TODAY.columns.findIndex((c) => c.key === edit.column) + 1;
      const value: Cell =
        edit.column === "courier"
          ? "CJ대한통운"
          : edit.column === "trackingNumber"
            ? `6000${String(10000000 + serial)}`
            : today.readAll()[line - 1]![col - 1] !== true;
      return type("today", line, col, [[value]]);
    }
    case "capacity": {
      const col = SCHEDULE.columns.findIndex((c) => c.key === "capacity") + 1;
      return type("schedule", SCHEDULE.headerRow + 1 + edit.day, col, [[edit.capacity]]);
    }
    case "timer": {
      reseed();
      if (incremental) copy.memo = reconcileChanges(host, { memo: copy.memo, full: RECONCILE }).memo;
      else sync(host, RECONCILE);
      spend(copy);
      return "timer";
    }
    case "copyRow": {
      // A whole row copied below the last, hidden cells and all: another row's identity.
      const copied = orders.readAll()[row(edit.pick) - 1]!;
      return type("orders", count + 2, 1, [copied]);
    }
    case "sort": {
      // A block of many rows (a sort of the visible columns' values in place, say): the full pass.
      const first = 2;
      const block = orders
        .readAll()
        .slice(1, 1 + 25)
        .map((r) => [r[column("memo") - 1] ?? ""]);
      return type("orders", first, column("memo"), block);
    }
  }
}

describe("edits through the edit path, then a full reconcile", () => {
  const bases = { strict: season(45, 12, "strict"), fill: season(45, 12, "fill") };

  it("leaves every tab as the full pass would, and a reconcile after it changes nothing", () => {
    const reasons = new Map<string, number>();
    let edits = 0;
    fc.assert(
      fc.property(
        fc.constantFrom("strict" as const, "fill" as const),
        fc.array(arbEdit, { minLength: 1, maxLength: 6 }),
        fc.nat(40),
        (policy, sequence, startMinute) => {
          const start = new Date(MORNING.getTime() + startMinute * 60_000);
          const copies = [true, false].map((incremental) => {
            const { book, cache, memo } = clone(bases[policy]);
            const source = seeded(1);
            const local = localHost(book, start, cache);
            const notes: Record<string, string> = {};
            const host: Host = {
              ...local,
              random: source.random,
              tickTimes: () => readTickNotes(notes, local.clock.now.getTime()).timeOf,
            };
            const copy: Copy = { incremental, host, notes, memo, waiting: new Set() };
            return { ...copy, source, copy };
          });
          let ticked = false;
          sequence.forEach((edit, i) => {
            // A second edit of a line still waiting, or a whole row copied (Tony copies what the
            // row shows, which in this copy has not caught up yet): the reconcile ran in between.
            const mine = copies[0]!.copy;
            const line = edit.kind === "tick" ? tickedLine(mine.host.workbook, edit.pick) : null;
            if (
              (line !== null && mine.waiting.has(line)) ||
              (edit.kind === "copyRow" && mine.waiting.size > 0)
            )
              for (const { source, host, copy } of copies) {
                host.clock.now = new Date(start.getTime() + (i + 1) * 7 * 60_000 - 60_000);
                play(copy, { kind: "timer" }, i, () => source.reseed(5000 + i));
              }
            for (const { incremental, source, host, copy } of copies) {
              host.clock.now = new Date(start.getTime() + (i + 1) * 7 * 60_000);
              const why = play(copy, edit, i, () => source.reseed(1000 + i));
              if (process.env.EDIT_DEBUG)
                console.log(
                  incremental,
                  JSON.stringify(edit),
                  why,
                  JSON.stringify(
                    host.workbook
                      .sheet(TODAY.name)!
                      .readAll()
                      .map((r) => [r[0], r[7], r[8], r[9], r[14]]),
                  ),
                );
              if (!incremental) continue;
              reasons.set(why ?? "edit path", (reasons.get(why ?? "edit path") ?? 0) + 1);
              // Tony's edits: the ratio below is theirs (Tutu's always wait; the timer is a pass).
              if (edit.kind !== "tick" && edit.kind !== "timer") edits++;
            }
            ticked ||= edit.kind === "tick";
            if (copies.some(({ copy }) => copy.waiting.size > 0)) return; // a tick waits for the timer
            // Incremental = full, edit by edit: every cell of every tab, 이력 and 오류 included
            // (as sets of lines once a tick was carried later in one copy than in the other).
            const tabs = copies.map(({ host }) =>
              ticked ? unordered(snapshot(host.workbook)) : snapshot(host.workbook),
            );
            expect(differences(tabs[0]!, tabs[1]!)).toEqual([]);
            // What the cache says 오늘 출하 shows agrees too, where both copies keep it.
            const shown = copies.map(({ host }) => host.cache.get("peach:today-signature:v1"));
            if (shown[0] !== null && shown[1] !== null) expect(shown[0]).toBe(shown[1]);
          });
          // The timer carries what still waits; then the copies agree, and a full pass changes nothing.
          for (const { source, host, copy } of copies) {
            host.clock.now = new Date(start.getTime() + (sequence.length + 1) * 7 * 60_000);
            play(copy, { kind: "timer" }, sequence.length, () => source.reseed(9999));
          }
          const [mine, reference] = copies.map(({ host }) => unordered(snapshot(host.workbook)));
          expect(differences(mine!, reference!)).toEqual([]);
          const { host } = copies[0]!;
          const before = snapshot(host.workbook);
          host.clock.now = new Date(host.clock.now.getTime() + 60_000);
          sync(host, RECONCILE);
          expect(differences(snapshot(host.workbook), before)).toEqual([]);
        },
      ),
      {
        numRuns: Number(process.env.EDIT_RUNS ?? 200),
        ...(process.env.EDIT_SEED
          ? { seed: Number(process.env.EDIT_SEED), path: process.env.EDIT_PATH, endOnFailure: true }
          : {}),
      },
    );
    // Most of Tony's edits took the edit path; the rest were decided by the full pass.
    console.log(Object.fromEntries(reasons));
    expect(reasons.get("edit path") ?? 0).toBeGreaterThan(edits / 2);
  }, 240_000);
});

describe("the edit path keeps what it cannot see", () => {
  it("a tick on 오늘 출하 waiting for the reconcile is carried to 주문, at Tutu's time, before its line is rewritten", () => {
    const { book, cache } = clone(season(20, 12, "strict"));
    const ticked = new Date(MORNING.getTime() + 60_000);
    const notes: Record<string, string> = {};
    const local = localHost(book, new Date(MORNING.getTime() + 5 * 60_000), cache);
    const host = { ...local, tickTimes: () => readTickNotes(notes, local.now().getTime()).timeOf };
    const today = book.sheet(TODAY.name)!;
    const idColumn = TODAY.columns.findIndex((c) => c.key === "rowId");
    const line = today.readAll()[TODAY.headerRow]!;
    const harvested = TODAY.columns.findIndex((c) => c.key === "harvested") + 1;
    // Tutu ticks 수확: the cell is there, her trigger only noted when.
    today.write(TODAY.headerRow + 1, harvested, [[true]]);
    const cell = { first: TODAY.headerRow + 1, count: 1, column: harvested, columns: 1 };
    Object.assign(notes, tickNoteEntries(cell, TUTU_COLUMNS, TODAY.headerRow, ticked.getTime()));
    // Tony then types a memo on a row of that shipment: the edit path rewrites its line.
    const orders = book.sheet(ORDERS.name)!;
    const header = orders.readAll()[0]!.map(String);
    const at = (key: string) => header.indexOf(ORDERS.columns.find((c) => c.key === key)!.header);
    const row = orders.readAll().findIndex((r) => r[at("rowId")] === line[idColumn]) + 1;
    orders.write(row, at("memo") + 1, [["문 앞에 두세요"]]);
    const why = applyEdit(
      host,
      { kind: "edit", tab: "orders" },
      { first: row, count: 1, column: at("memo") + 1, columns: 1 },
    );
    expect(why).toBeNull();
    expect(orders.readAll()[row - 1]![at("status")]).toBe("수확");
    expect(today.readAll()[TODAY.headerRow]![harvested - 1]).toBe(true);
    const events = book.sheet(tab("events").name)!.readAll();
    const logged = events.filter((e) => e[3] === line[idColumn] && e[6] === "수확");
    expect(logged.map((e) => (e[0] as Date).getTime())).toEqual([ticked.getTime()]);
  });
});

describe("new order codes on the edit path", () => {
  it("a code drawn for a pasted row that a row the edit did not read already has is not given", () => {
    const { book, cache } = clone(season(20, 12, "strict"));
    const base = localHost(book, new Date(MORNING.getTime() + 60_000), cache);
    const orders = book.sheet(ORDERS.name)!;
    const header = orders.readAll()[0]!.map(String);
    const at = (key: string) => header.indexOf(ORDERS.columns.find((c) => c.key === key)!.header);
    const taken = String(orders.readAll()[1]![at("orderCode")]);
    // The first four random bytes draw that code (newOrderCode: a 32-bit number modulo 10^6).
    const n = Number(taken.replace("-", ""));
    let first = true;
    const host = {
      ...base,
      random: (count: number) => {
        if (!first || count !== 4) return base.random(count);
        first = false;
        return Uint8Array.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
      },
    };
    const row = orders.readAll().length + 1;
    const values: Record<string, Cell> = {
      주문자: "새주문자",
      "주문자 연락처": "010-7000-1000",
      받는분: "새받는분",
      "받는분 연락처": "010-7000-2000",
      우편번호: "04524",
      주소: ADDRESSES[0]!,
      품목: ITEMS[0]!,
      상자수: 1,
    };
    orders.write(row, 1, [header.map((h) => values[h] ?? "")]);
    const why = applyEdit(
      host,
      { kind: "edit", tab: "orders" },
      { first: row, count: 1, column: 1, columns: header.length },
    );
    expect(why).toBeNull();
    expect(first).toBe(false); // the colliding code was drawn
    const given = String(orders.readAll()[row - 1]![at("orderCode")]);
    expect(given).toMatch(/^\d{3}-\d{3}$/);
    expect(given).not.toBe(taken);
    expect(orders.readAll().filter((r) => r[at("orderCode")] === taken).length).toBe(
      orders
        .readAll()
        .slice(1, row - 1)
        .filter((r) => r[at("orderCode")] === taken).length,
    );
  });
});
