/**
 * When Tutu ticked. Her edits of 오늘 출하 are carried to 주문, 이력 and the status page by the
 * next reconcile, not by the edit trigger (a season day is ~500 such ticks: run one by one they
 * would spend most of a free account's 90 trigger minutes; BENCHMARKS.md "A season day"). The
 * edit trigger only notes the time of each cell she edited, in one cheap store write, so the pass
 * that carries the tick logs it at the time she made it, not at the time the pass ran.
 *
 * A note is a key per cell (`TT:row:column` → epoch ms): a later edit of the same cell replaces
 * it, so the notes never outgrow the tab's Tutu cells (MAX_NOTE_ROW × her columns, under 60 KB of
 * the 500 KB property store). They are not deleted one by one (each delete is a call);
 * instead a pass that carried the whole tab records when it read them (TICK_NOTES_APPLIED_KEY),
 * and a note no later than that is spent. The reconcile, the roll-over and the menu's rebuilds
 * read all of 오늘 출하, carry every waiting edit and spend the notes. What can go wrong is only
 * a time, and only for an edit whose own trigger never ran (it has no note of its own): it is
 * logged at the time of the pass that carries it, or, if the list was rewritten by another pass
 * (a 주문 edit that changed today's list, a menu tool) after an unspent note on that cell, at that
 * note's earlier time.
 */

export const TICK_NOTE_PREFIX = "TT:";
/** When the last pass that carried 오늘 출하's ticks read the notes (epoch ms). */
export const TICK_NOTES_APPLIED_KEY = "TT_APPLIED";
/** Rows of 오늘 출하 below this are not noted (no day holds that many shipments). */
export const MAX_NOTE_ROW = 300;
/** A note older than this is not used (the timers were off; the pass's own time is as good). */
export const MAX_NOTE_AGE_MS = 24 * 3600 * 1000;
/** A paste bigger than this notes nothing: its cells are carried at the pass's time. */
export const MAX_NOTED_CELLS = 200;

/** An edited rectangle of 오늘 출하 (1-based, as the edit event gives it). */
export interface EditedCells {
  first: number;
  count: number;
  column: number;
  columns: number;
}

/**
 * The notes for one edit: one entry per cell of `edited` that lies in Tutu's columns (1-based)
 * below the header, stamped `at` and, when known, with the shipment the line showed (`lineId`:
 * its lead row id, from the tab's index), so a note is not taken for another shipment after the
 * tab was sorted or rewritten. Empty when the edit touched none of her cells or is too big.
 */
export function tickNoteEntries(
  edited: EditedCells,
  tutuColumns: readonly number[],
  headerRow: number,
  at: number,
  lineId: (row: number) => string | undefined = () => undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  const first = Math.max(edited.first, headerRow + 1);
  const last = Math.min(edited.first + edited.count - 1, MAX_NOTE_ROW);
  const columns = tutuColumns.filter((c) => c >= edited.column && c < edited.column + edited.columns);
  if (last < first || columns.length === 0) return out;
  if ((last - first + 1) * columns.length > MAX_NOTED_CELLS) return out;
  for (let row = first; row <= last; row++) {
    const id = lineId(row);
    const value = String(Math.trunc(at)) + (id && ROW_ID.test(id) ? `|${id}` : "");
    for (const column of columns) out[`${TICK_NOTE_PREFIX}${row}:${column}`] = value;
  }
  return out;
}

/** A row id as the script makes them; anything else is not kept in a note. */
const ROW_ID = /^[0-9a-z]{1,40}$/;

/**
 * The time a cell of 오늘 출하 was edited, as noted, while the line shows `lineId` (the note names
 * no shipment, or that one); null when unknown.
 */
export type TickTimeOf = (row: number, column: number, lineId: string) => Date | null;

/** The notes a pass may use, and the mark it leaves when it has carried them. */
export interface TickNotes {
  timeOf: TickTimeOf;
  /** Store this under TICK_NOTES_APPLIED_KEY once the pass that read the notes has written. */
  readAt: number;
  /** How many notes were usable (0: nothing to mark). */
  usable: number;
}

/**
 * The usable notes among a store's entries read at `now`: later than the last carrying pass read
 * them, at most MAX_NOTE_AGE_MS old, and not in the future. Anything malformed is ignored.
 */
export function readTickNotes(entries: Readonly<Record<string, string>>, now: number): TickNotes {
  const applied = Number(entries[TICK_NOTES_APPLIED_KEY] ?? "") || 0;
  const times = new Map<string, { at: number; id: string }>();
  for (const [key, value] of Object.entries(entries)) {
    if (!key.startsWith(TICK_NOTE_PREFIX)) continue;
    const cell = /^TT:(\d{1,4}):(\d{1,3})$/.exec(key);
    const note = /^(\d{1,15})(?:\|([0-9a-z]{1,40}))?$/.exec(value);
    const at = note ? Number(note[1]) : NaN;
    if (!cell || !(at > applied) || at > now || now - at > MAX_NOTE_AGE_MS) continue;
    times.set(`${Number(cell[1])}:${Number(cell[2])}`, { at, id: note?.[2] ?? "" });
  }
  return {
    timeOf: (row, column, lineId) => {
      const note = times.get(`${row}:${column}`);
      return note && (note.id === "" || note.id === lineId) ? new Date(note.at) : null;
    },
    readAt: now,
    usable: times.size,
  };
}
