import fc from "fast-check";
import {
  MAX_NOTE_AGE_MS,
  MAX_NOTE_ROW,
  MAX_NOTED_CELLS,
  readTickNotes,
  tickNoteEntries,
  TICK_NOTE_PREFIX,
  TICK_NOTES_APPLIED_KEY,
} from "../../src/domain/tickNotes";

const TUTU = [8, 9, 10, 11, 12]; // 수확, 포장, 발송, 택배사, 송장번호 on 오늘 출하
const HEADER = 2;
const T = Date.parse("2026-07-13T09:00:00+09:00");

const arbRange = fc.record({
  first: fc.integer({ min: 1, max: 400 }),
  count: fc.integer({ min: 1, max: 60 }),
  column: fc.integer({ min: 1, max: 16 }),
  columns: fc.integer({ min: 1, max: 16 }),
});

describe("tick notes: what the edit trigger writes", () => {
  it("one note per edited cell of Tutu's columns below the header, none elsewhere, never too many", () => {
    fc.assert(
      fc.property(arbRange, (range) => {
        const notes = tickNoteEntries(range, TUTU, HEADER, T);
        const keys = Object.keys(notes);
        expect(keys.length).toBeLessThanOrEqual(MAX_NOTED_CELLS);
        for (const key of keys) {
          const [row, column] = key.slice(TICK_NOTE_PREFIX.length).split(":").map(Number) as [number, number];
          expect(row).toBeGreaterThan(HEADER);
          expect(row).toBeLessThanOrEqual(MAX_NOTE_ROW);
          expect(row >= range.first && row < range.first + range.count).toBe(true);
          expect(TUTU).toContain(column);
          expect(column >= range.column && column < range.column + range.columns).toBe(true);
          expect(notes[key]).toBe(String(T));
        }
        // Every cell that qualifies is noted, unless the edit was too big to note at all.
        const rows = Math.max(
          0,
          Math.min(range.first + range.count - 1, MAX_NOTE_ROW) - Math.max(range.first, HEADER + 1) + 1,
        );
        const columns = TUTU.filter((c) => c >= range.column && c < range.column + range.columns).length;
        expect(keys.length).toBe(rows * columns > MAX_NOTED_CELLS ? 0 : rows * columns);
      }),
    );
  });

  it("can never fill the property store: every possible note of every cell is a small part of its 500 KB", () => {
    const all = tickNoteEntries(
      { first: 1, count: MAX_NOTE_ROW, column: 1, columns: 16 },
      TUTU,
      HEADER,
      Number.MAX_SAFE_INTEGER,
    );
    expect(Object.keys(all)).toHaveLength(0); // too big for one edit; cell by cell instead:
    let bytes = 0;
    for (let row = HEADER + 1; row <= MAX_NOTE_ROW; row++)
      for (const [k, v] of Object.entries(
        tickNoteEntries(
          { first: row, count: 1, column: 1, columns: 16 },
          TUTU,
          HEADER,
          Number.MAX_SAFE_INTEGER,
          () => "rv7rdsf7ztif", // row ids are 12 characters
        ),
      ))
        bytes += k.length + v.length;
    expect(bytes).toBeLessThan(60 * 1024);
  });

  it("a tick of 발송 on the first line is one note", () => {
    expect(tickNoteEntries({ first: 3, count: 1, column: 10, columns: 1 }, TUTU, HEADER, T)).toEqual({
      "TT:3:10": String(T),
    });
    expect(tickNoteEntries({ first: 3, count: 1, column: 2, columns: 1 }, TUTU, HEADER, T)).toEqual({});
    expect(tickNoteEntries({ first: 1, count: 2, column: 8, columns: 1 }, TUTU, HEADER, T)).toEqual({});
  });
});

describe("tick notes: what a pass may use", () => {
  it("the time a cell was noted, and nothing for a cell without a note", () => {
    const notes = readTickNotes({ "TT:3:10": String(T), OTHER: "x" }, T + 60_000);
    expect(notes.timeOf(3, 10, "r1")?.getTime()).toBe(T);
    expect(notes.timeOf(3, 9, "r1")).toBeNull();
    expect(notes.usable).toBe(1);
    expect(notes.readAt).toBe(T + 60_000);
  });

  it("never a time spent, in the future, too old or malformed", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.oneof(
            fc
              .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 999 }))
              .map(([r, c]) => `TT:${r}:${c}`),
            fc.string(),
          ),
          fc.oneof(fc.integer({ min: T - 2 * MAX_NOTE_AGE_MS, max: T + 3_600_000 }).map(String), fc.string()),
        ),
        fc.integer({ min: T - MAX_NOTE_AGE_MS, max: T }),
        (entries, applied) => {
          const store = { ...entries, [TICK_NOTES_APPLIED_KEY]: String(applied) };
          const notes = readTickNotes(store, T);
          let usable = 0;
          for (const [key, value] of Object.entries(entries)) {
            const cell = /^TT:(\d+):(\d+)$/.exec(key);
            if (!cell) continue;
            const at = notes.timeOf(Number(cell[1]), Number(cell[2]), "r1");
            if (at === null) continue;
            usable++;
            expect(String(at.getTime())).toBe(value.split("|")[0]);
            expect(at.getTime()).toBeGreaterThan(applied);
            expect(at.getTime()).toBeLessThanOrEqual(T);
            expect(T - at.getTime()).toBeLessThanOrEqual(MAX_NOTE_AGE_MS);
          }
          expect(notes.usable).toBe(usable);
        },
      ),
    );
  });

  it("a note that names the line's shipment is taken only while the line shows it (a sorted tab)", () => {
    const ids = ["r1", "r2"];
    const store = tickNoteEntries(
      { first: 3, count: 2, column: 8, columns: 1 },
      TUTU,
      HEADER,
      T,
      (row) => ids[row - 3],
    );
    expect(store).toEqual({ "TT:3:8": `${T}|r1`, "TT:4:8": `${T}|r2` });
    const notes = readTickNotes(store, T + 1_000);
    expect(notes.timeOf(3, 8, "r1")?.getTime()).toBe(T);
    expect(notes.timeOf(3, 8, "r2")).toBeNull(); // Tutu sorted: line 3 now shows r2
    // A name that is not a row id is not kept; the note is then taken whatever the line shows.
    expect(
      tickNoteEntries({ first: 3, count: 1, column: 8, columns: 1 }, TUTU, HEADER, T, () => "r 1|x"),
    ).toEqual({
      "TT:3:8": String(T),
    });
  });

  it("a later edit of the same cell replaces its note; a pass's mark spends what it read", () => {
    const store: Record<string, string> = {};
    Object.assign(store, tickNoteEntries({ first: 3, count: 1, column: 8, columns: 1 }, TUTU, HEADER, T));
    Object.assign(
      store,
      tickNoteEntries({ first: 3, count: 1, column: 8, columns: 1 }, TUTU, HEADER, T + 5_000),
    );
    const first = readTickNotes(store, T + 10_000);
    expect(first.timeOf(3, 8, "r1")?.getTime()).toBe(T + 5_000);
    store[TICK_NOTES_APPLIED_KEY] = String(first.readAt);
    expect(readTickNotes(store, T + 20_000).usable).toBe(0);
    Object.assign(
      store,
      tickNoteEntries({ first: 3, count: 1, column: 8, columns: 1 }, TUTU, HEADER, T + 30_000),
    );
    expect(
      readTickNotes(store, T + 40_000)
        .timeOf(3, 8, "r1")
        ?.getTime(),
    ).toBe(T + 30_000);
  });
});
