/**
 * Incremental = full: random sequences of edits go through the edit path (the edited rows and
 * their orders only, the season in sums), then a full reconcile runs and must change no cell of
 * any tab and log nothing. A season of many orders, so the touched ones are a small part.
 */
import fc from "fast-check";
import { applyEdit, type EditedRange } from "../src/app/edit";
import type { Cell } from "../src/app/port";
import { sync, type EditedTab, type SyncMode } from "../src/app/sync";
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
  sync(host, RECONCILE);
  return { book, cache: host.cache as MemoryCache };
}

const clone = (base: { book: MemoryWorkbook; cache: MemoryCache }) => {
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
  return { book, cache };
};

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
  | { kind: "status"; pick: number; label: string }
  | { kind: "date"; pick: number; day: number }
  | { kind: "paste"; count: number; sameOrderer: boolean; paid: boolean; wide: boolean }
  | { kind: "tick"; pick: number; column: "harvested" | "packed" | "shipped" | "courier" | "trackingNumber" }
  | { kind: "capacity"; day: number; capacity: number }
  | { kind: "sort" }
  | { kind: "copyRow"; pick: number };

const arbEdit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constantFrom("pay" as const, "unpay" as const), pick: fc.nat() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("memo" as const), pick: fc.nat() }) },
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
      count: fc.integer({ min: 1, max: 3 }),
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

/**
 * Tony or Tutu types into a tab, then the edit trigger runs: the edit path (`incremental`), or
 * the full pass every time (the reference). Returns why the full pass ran, if it did.
 */
function play(
  host: Host,
  edit: Edit,
  serial: number,
  incremental: boolean,
  reseed: () => void,
): string | null {
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
          ? { ...mode, tab: "orders", editedRows: { first, count: values.length } }
          : mode,
      );
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
    case "status":
      return type("orders", row(edit.pick), column("status"), [[edit.label]]);
    case "date":
      return type("orders", row(edit.pick), column("shipDate"), [
        [seoulMidnight(addDays("2026-07-13", edit.day))],
      ]);
    case "paste": {
      const last = orders.readAll().at(-1)!;
      const ordererOf = () =>
        edit.sameOrderer
          ? {
              주문자: String(last[column("ordererName") - 1]),
              "주문자 연락처": String(last[column("ordererPhone") - 1]),
            }
          : { 주문자: `새주문자${serial}`, "주문자 연락처": `010-7000-${String(1000 + (serial % 9000))}` };
      const rows = Array.from({ length: edit.count }, (_, k) => {
        const values: Record<string, Cell> = {
          ...ordererOf(),
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
      // Tutu ticks the day's lines (rows left blank below a shorter list are not lines).
      const idColumn = TODAY.columns.findIndex((c) => c.key === "rowId");
      const lines = today.readAll().filter((r, i) => i >= TODAY.headerRow && r[idColumn] !== "").length;
      if (lines <= 0) return "no line";
      const line = TODAY.headerRow + 1 + (edit.pick % lines);
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
            const { book, cache } = clone(bases[policy]);
            const source = seeded(1);
            return { incremental, source, host: { ...localHost(book, start, cache), random: source.random } };
          });
          sequence.forEach((edit, i) => {
            for (const { incremental, source, host } of copies) {
              host.clock.now = new Date(start.getTime() + (i + 1) * 7 * 60_000);
              const why = play(host, edit, i, incremental, () => source.reseed(1000 + i));
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
              edits++;
              reasons.set(why ?? "edit path", (reasons.get(why ?? "edit path") ?? 0) + 1);
            }
            // Incremental = full, edit by edit: every cell of every tab, 이력 and 오류 included.
            expect(
              differences(snapshot(copies[0]!.host.workbook), snapshot(copies[1]!.host.workbook)),
            ).toEqual([]);
            // What the cache says 오늘 출하 shows agrees too, where both copies keep it.
            const shown = copies.map(({ host }) => host.cache.get("peach:today-signature:v1"));
            if (shown[0] !== null && shown[1] !== null) expect(shown[0]).toBe(shown[1]);
          });
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
    // Most edits took the edit path; the rest were decided by the full pass.
    console.log(Object.fromEntries(reasons));
    expect(reasons.get("edit path") ?? 0).toBeGreaterThan(edits / 2);
  }, 240_000);
});

describe("the edit path keeps what it cannot see", () => {
  it("a tick on 오늘 출하 whose trigger never ran is carried to 주문 before the line is rewritten", () => {
    const { book, cache } = clone(season(20, 12, "strict"));
    const host = localHost(book, new Date(MORNING.getTime() + 60_000), cache);
    const today = book.sheet(TODAY.name)!;
    const idColumn = TODAY.columns.findIndex((c) => c.key === "rowId");
    const line = today.readAll()[TODAY.headerRow]!;
    const harvested = TODAY.columns.findIndex((c) => c.key === "harvested") + 1;
    // Tutu ticks 수확 while another execution holds the lock: the cell is there, nothing ran.
    today.write(TODAY.headerRow + 1, harvested, [[true]]);
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
