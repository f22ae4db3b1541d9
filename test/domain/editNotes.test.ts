import fc from "fast-check";
import {
  EDIT_NOTE_PREFIX,
  editNoteEntry,
  MAX_EDIT_NOTE_AGE_MS,
  noteBatches,
  readEditNotes,
  withOwnEdit,
  type EditNote,
} from "../../src/domain/editNotes";

const TABS = ["orders", "settings", "schedule"];
const NOW = new Date("2026-07-13T14:00:00+09:00").getTime();

const range = fc.record({
  first: fc.integer({ min: 1, max: 50_000 }),
  count: fc.integer({ min: 1, max: 500 }),
  column: fc.integer({ min: 1, max: 60 }),
  columns: fc.integer({ min: 1, max: 60 }),
});

describe("edit notes (issue 22: an edit that found the lock held)", () => {
  it("reads back every note written, oldest first, whatever the order of the store", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tab: fc.constantFrom(...TABS),
            range,
            ago: fc.integer({ min: 0, max: MAX_EDIT_NOTE_AGE_MS }),
            user: fc.oneof(fc.constant(""), fc.emailAddress()),
          }),
          { maxLength: 20 },
        ),
        (edits) => {
          const stored: Record<string, string> = { RECONCILE_MEMO: "{}", "TT:3:4": "1" };
          edits.forEach((e, i) => {
            const [key, value] = editNoteEntry(e.tab, e.range, NOW - e.ago, `n${i}`, e.user);
            stored[key] = value;
          });
          const { notes, dropped } = readEditNotes(stored, NOW, TABS);
          expect(dropped).toEqual([]);
          expect(notes).toHaveLength(edits.length);
          for (let i = 1; i < notes.length; i++)
            expect(notes[i]!.at).toBeGreaterThanOrEqual(notes[i - 1]!.at);
          const byKey = new Map(notes.map((n) => [n.key, n]));
          edits.forEach((e, i) => {
            const [key] = editNoteEntry(e.tab, e.range, NOW - e.ago, `n${i}`, e.user);
            const note = byKey.get(key)!;
            expect(note).toMatchObject({ at: NOW - e.ago, tab: e.tab, range: e.range });
            expect(note.user ?? "").toBe(e.user);
          });
        },
      ),
    );
  });

  it("two edits in the same millisecond keep two notes", () => {
    const a = editNoteEntry("orders", { first: 2, count: 1, column: 11, columns: 1 }, NOW, "uuid-a");
    const b = editNoteEntry("orders", { first: 5, count: 1, column: 11, columns: 1 }, NOW, "uuid-b");
    expect(a[0]).not.toBe(b[0]);
    expect(readEditNotes(Object.fromEntries([a, b]), NOW, TABS).notes).toHaveLength(2);
  });

  it("drops, unread, a note too old, unreadable, on another tab or with impossible cells", () => {
    const ok = editNoteEntry("orders", { first: 2, count: 1, column: 11, columns: 1 }, NOW - 1000, "x");
    const old = editNoteEntry(
      "orders",
      { first: 2, count: 1, column: 11, columns: 1 },
      NOW - MAX_EDIT_NOTE_AGE_MS - 1,
      "y",
    );
    const stored = {
      [ok[0]]: ok[1],
      [old[0]]: old[1],
      [`${EDIT_NOTE_PREFIX}${NOW}:bad`]: "{not json",
      [`${EDIT_NOTE_PREFIX}${NOW}:tab`]: JSON.stringify({ t: "history", r: [2, 1, 1, 1] }),
      [`${EDIT_NOTE_PREFIX}${NOW}:cells`]: JSON.stringify({ t: "orders", r: [0, 1, 1, 1] }),
      [`${EDIT_NOTE_PREFIX}${NOW}:frac`]: JSON.stringify({ t: "orders", r: [2.5, 1, 1, 1] }),
      [`${EDIT_NOTE_PREFIX}soon:x`]: JSON.stringify({ t: "orders", r: [2, 1, 1, 1] }),
      [`${EDIT_NOTE_PREFIX}${NOW}:user`]: JSON.stringify({ t: "orders", r: [2, 1, 1, 1], u: 7 }),
    };
    const { notes, dropped } = readEditNotes(stored, NOW, TABS);
    expect(notes.map((n) => n.key)).toEqual([ok[0]]);
    expect(dropped).toHaveLength(Object.keys(stored).length - 1);
  });

  it("keeps a key to what the store takes: no character of a nonce outside [0-9a-zA-Z-]", () => {
    fc.assert(
      fc.property(fc.string(), (nonce) => {
        const [key] = editNoteEntry("orders", { first: 2, count: 1, column: 1, columns: 1 }, NOW, nonce);
        expect(key).toMatch(/^EN:\d+:[0-9a-zA-Z-]{0,40}$/);
      }),
    );
  });

  it("batches keep every note once, in order; a batch of several holds only notes that may join, by one editor, within the limits", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tab: fc.constantFrom(...TABS),
            range,
            user: fc.constantFrom("", "tony@x.kr", "helper@x.kr"),
          }),
          {
            maxLength: 30,
          },
        ),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 600 }),
        (edits, maxNotes, maxRows) => {
          const notes: EditNote[] = edits.map((e, i) => ({
            key: `EN:${NOW + i}:n${i}`,
            at: NOW + i,
            tab: e.tab,
            range: e.range,
            ...(e.user ? { user: e.user } : {}),
          }));
          const joins = (n: EditNote) => n.tab === "orders";
          const batches = noteBatches(notes, { joins, maxNotes, maxRows });
          expect(batches.flat()).toEqual(notes);
          for (const batch of batches) {
            expect(batch.length).toBeGreaterThan(0);
            if (batch.length === 1) continue;
            expect(batch.every(joins)).toBe(true);
            expect(new Set(batch.map((n) => n.user ?? "")).size).toBe(1);
            expect(batch.length).toBeLessThanOrEqual(maxNotes);
            expect(batch.reduce((n, b) => n + b.range.count, 0)).toBeLessThanOrEqual(maxRows);
          }
          // Nothing that could have joined is left alone beside a batch it fitted in.
          for (let i = 1; i < batches.length; i++) {
            const [prev, next] = [batches[i - 1]!, batches[i]![0]!];
            const fitted =
              prev.every(joins) &&
              joins(next) &&
              (next.user ?? "") === (prev[0]!.user ?? "") &&
              prev.length < maxNotes &&
              prev.reduce((n, b) => n + b.range.count, 0) + next.range.count <= maxRows;
            expect(fitted).toBe(false);
          }
        },
      ),
    );
  });

  it("puts the carrying execution's own edit among the notes in time order, first on a tie, once", () => {
    const note = (at: number, key: string): EditNote => ({
      key,
      at,
      tab: "orders",
      range: { first: 2, count: 1, column: 11, columns: 1 },
    });
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 50 }),
        (times, ownAt) => {
          const notes = [...times].sort((a, b) => a - b).map((t, i) => note(t, `k${i}`));
          const own = { ...note(ownAt, ""), own: true as const };
          const all = withOwnEdit(notes, own);
          expect(all.filter((n) => n.own)).toEqual([own]);
          expect(all.filter((n) => !n.own)).toEqual(notes); // the notes keep their order
          for (let i = 1; i < all.length; i++) expect(all[i]!.at).toBeGreaterThanOrEqual(all[i - 1]!.at);
          const i = all.indexOf(own);
          expect(i === all.length - 1 || all[i + 1]!.at >= ownAt).toBe(true);
          expect(i === 0 || all[i - 1]!.at < ownAt).toBe(true); // a note of the same moment comes after
        },
      ),
    );
    expect(withOwnEdit([note(5, "a")], null)).toEqual([note(5, "a")]);
  });
});
