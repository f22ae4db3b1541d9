/**
 * Tony's edits that found the script lock held (issue 22). Before, such an edit waited up to
 * 20 s for the lock, billed as trigger runtime, and ten payments ticked in twenty seconds queued
 * one behind another, each doing alone what the one ahead had just done. Now an edit that finds
 * the lock held leaves a note (when, which tab, which cells, who) and ends; whichever execution
 * holds the lock carries the noted edits before its release, several of 주문 in one pass, each
 * payment at its own time, and removes their notes. A holder checks the notes again after it
 * released the lock, so a note written while it held the lock is never missed: either its
 * writer gets the lock on its second try, or the holder sees the note (docs/sheet-sync.md,
 * "Edits that find the lock held").
 *
 * A note is one script property per edit (`EN:<epoch ms>:<nonce>` → JSON), so two edits never
 * write the same key, and deleted once carried. A note older than a day is dropped unread: a
 * reconcile has read 주문 since, and the hidden 기록 cell told it what the edit changed.
 */
import type { EditedCells } from "./tickNotes";

export const EDIT_NOTE_PREFIX = "EN:";
/** A note older than this is not carried: a reconcile has read its cells since. */
export const MAX_EDIT_NOTE_AGE_MS = 24 * 3600 * 1000;
/** The longest user (an email) kept in a note. */
const MAX_USER_CHARS = 254;

/** One noted edit. */
export interface EditNote {
  key: string;
  /** When the edit was made (epoch ms). */
  at: number;
  tab: string;
  range: EditedCells;
  /** The editor Google named, if any. */
  user?: string;
  /** The carrying execution's own edit: it took the lock itself, so no note of it is stored. */
  own?: true;
}

/**
 * The notes read (oldest first) with the carrying execution's own edit among them, in the order
 * they were made. On a tie its own goes first: its time was taken once it held the lock, so a
 * note of the same millisecond was written by an edit that found the lock held by it.
 */
export function withOwnEdit(notes: readonly EditNote[], own: EditNote | null): EditNote[] {
  if (!own) return [...notes];
  const at = notes.findIndex((n) => n.at >= own.at);
  return at < 0 ? [...notes, own] : [...notes.slice(0, at), own, ...notes.slice(at)];
}

/** The store entry for an edit made `at` of `range` on `tab`; `nonce` keeps two keys apart. */
export function editNoteEntry(
  tab: string,
  range: EditedCells,
  at: number,
  nonce: string,
  user = "",
): [string, string] {
  const key = `${EDIT_NOTE_PREFIX}${Math.trunc(at)}:${nonce.replace(/[^0-9a-zA-Z-]/g, "").slice(0, 40)}`;
  const value: { t: string; r: number[]; u?: string } = {
    t: tab,
    r: [range.first, range.count, range.column, range.columns],
  };
  if (user) value.u = user.slice(0, MAX_USER_CHARS);
  return [key, JSON.stringify(value)];
}

const positive = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 1;

/**
 * The notes in the store that can be carried, oldest first (ties by key), and the keys of the
 * rest (too old, unreadable, or on a tab not in `tabs`): those are removed without carrying.
 */
export function readEditNotes(
  stored: Readonly<Record<string, string>>,
  now: number,
  tabs: readonly string[],
): { notes: EditNote[]; dropped: string[] } {
  const notes: EditNote[] = [];
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(stored)) {
    if (!key.startsWith(EDIT_NOTE_PREFIX)) continue;
    const note = parse(key, value, tabs);
    if (note && now - note.at <= MAX_EDIT_NOTE_AGE_MS) notes.push(note);
    else dropped.push(key);
  }
  notes.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { notes, dropped };
}

function parse(key: string, value: string, tabs: readonly string[]): EditNote | null {
  const at = Number(key.slice(EDIT_NOTE_PREFIX.length).split(":")[0]);
  if (!Number.isSafeInteger(at) || at <= 0) return null;
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null) return null;
  const { t, r, u } = data as { t?: unknown; r?: unknown; u?: unknown };
  if (typeof t !== "string" || !tabs.includes(t)) return null;
  if (!Array.isArray(r) || r.length !== 4 || !r.every(positive)) return null;
  if (u !== undefined && (typeof u !== "string" || u.length > MAX_USER_CHARS)) return null;
  const [first, count, column, columns] = r as [number, number, number, number];
  return { key, at, tab: t, range: { first, count, column, columns }, ...(u ? { user: u } : {}) };
}

/** What may be carried together with other notes in one pass. */
export interface BatchRule {
  /** A note that may join others (an edit of 주문 made today); any other is carried alone. */
  joins: (note: EditNote) => boolean;
  /** The most notes in one pass (each may touch an order of its own). */
  maxNotes: number;
  /** The most edited rows in one pass. */
  maxRows: number;
}

/**
 * The notes (oldest first) as the passes that carry them: consecutive notes that may join, by
 * the same editor, within the limits, go together; every other note alone. Order is kept, so no
 * edit is decided before one made earlier.
 */
export function noteBatches(notes: readonly EditNote[], rule: BatchRule): EditNote[][] {
  const batches: EditNote[][] = [];
  let open: EditNote[] | null = null;
  let rows = 0;
  for (const note of notes) {
    const fits =
      open !== null &&
      rule.joins(note) &&
      (note.user ?? "") === (open[0]!.user ?? "") &&
      open.length < rule.maxNotes &&
      rows + note.range.count <= rule.maxRows;
    if (fits) {
      open!.push(note);
      rows += note.range.count;
      continue;
    }
    const batch = [note];
    batches.push(batch);
    open = rule.joins(note) ? batch : null;
    rows = note.range.count;
  }
  return batches;
}
