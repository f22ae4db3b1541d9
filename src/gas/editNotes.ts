/**
 * Edits that found the script lock held (domain/editNotes.ts): the note an edit leaves, and the
 * holder's carrying of the noted edits before it releases the lock and after. Also the host with Tutu's
 * tick notes, which every pass over 주문 carries (domain/tickNotes.ts).
 */
import { applyEdits, handleEdit, MAX_EDITED_ROWS, MAX_ORDERS, type EditMode } from "../app/edit";
import { recordIncident } from "../app/journal";
import type { Host } from "../app/port";
import { EDIT_ROLE, type EditedTab, type TimedEdit } from "../app/sync";
import {
  EDIT_NOTE_PREFIX,
  editNoteEntry,
  noteBatches,
  readEditNotes,
  withOwnEdit,
  type EditNote,
} from "../domain/editNotes";
import { readTickNotes, TICK_NOTES_APPLIED_KEY, type EditedCells, type TickNotes } from "../domain/tickNotes";
import { seoulDateOf } from "../domain/clock";
import { messageOf } from "./errors";
import {
  gasHost,
  hasLater,
  laterWhileHeld,
  markFailure,
  release,
  runLater,
  scriptLock,
  scriptProperties,
} from "./host";

export { markFailure, RECONCILE_FAILURE } from "./host";

const spreadsheet = () => SpreadsheetApp.getActiveSpreadsheet();

/** A problem of the script's own in 오류, under the entry point's name. */
export function recordScriptProblem(fn: string, message: string): void {
  const host = gasHost(spreadsheet);
  recordIncident(host.workbook, { tab: "스크립트", field: fn, message, raw: "" }, host.now());
}

/**
 * The host with the edit trigger's notes of Tutu's edits (tickNotes.ts), asked for only when a
 * pass carries a tick. `stored`: the script properties as read at `readAt`, before the pass read
 * the sheet, so no note it holds is newer than the ticks the pass sees; without it they are read
 * on first use. `spend` after a pass that carried all of 오늘 출하: its notes are used up.
 */
export function withTickNotes(
  host: Host,
  stored?: { entries: Record<string, string>; readAt: number },
): { host: Host; spend(): void } {
  let notes: TickNotes | null = null;
  const load = () =>
    (notes ??= stored
      ? readTickNotes(stored.entries, stored.readAt)
      : readTickNotes(scriptProperties().getProperties(), Date.now()));
  return {
    host: { ...host, tickTimes: () => load().timeOf },
    spend: () => {
      if (notes && notes.usable > 0)
        scriptProperties().setProperty(TICK_NOTES_APPLIED_KEY, String(notes.readAt));
    },
  };
}

/**
 * The pass of one edit of `tab`, at the moment it was made (its payment time is Tony's tick).
 * `waiting`: the edits of 주문 still noted, with their times: a payment one of them ticked, which
 * this pass finds in the sheet, is stamped at that tick, not at this edit's moment.
 */
export function applyOneEdit(
  tab: EditedTab,
  range: EditedCells,
  at: number,
  user?: string,
  waiting: readonly TimedEdit[] = [],
): void {
  const { host } = withTickNotes({ ...gasHost(spreadsheet), later: laterWhileHeld });
  // A note carried on a later Seoul day (the list rolled over since) is decided at the live
  // time: its day's schedule and 오늘 출하 are gone.
  const sameDay = seoulDateOf(new Date(at)) === seoulDateOf(new Date());
  const who = user ? { user } : {};
  const mode: EditMode =
    tab === "orders"
      ? { kind: "edit", tab, ...who, ...(waiting.length > 0 ? { editTimes: waiting } : {}) }
      : { kind: "edit", tab, ...who };
  const fullPassBecause = handleEdit(sameDay ? { ...host, now: () => new Date(at) } : host, mode, range);
  // The execution log says why an edit cost a full pass (a reading for the owner, not a problem).
  if (fullPassBecause) console.log(`${tab} edit: full pass (${fullPassBecause})`);
}

/** The notes of 주문 as timed edits: every pass that carries a note knows when each was made. */
const timedEdits = (notes: readonly EditNote[]): TimedEdit[] =>
  notes.filter((n) => n.tab === "orders").map((n) => ({ ...n.range, at: new Date(n.at) }));

/**
 * Notes of 주문 made today by one editor, in one pass at the newest one's time; a payment ticked
 * in one of them is stamped at its own note's time (its 입금일시, its 이력 line). When the edit
 * path cannot decide them together (too many orders between them, a row moved), each is carried
 * alone, as it would have been: the full pass runs only for one that cannot be decided alone.
 */
function applyEditsTogether(
  batch: readonly EditNote[],
  waiting: readonly TimedEdit[],
  stop: number,
): readonly EditNote[] {
  const { host } = withTickNotes({ ...gasHost(spreadsheet), later: laterWhileHeld });
  const newest = batch[batch.length - 1]!;
  const mode: EditMode = {
    kind: "edit",
    tab: "orders",
    editTimes: waiting,
    ...(newest.user ? { user: newest.user } : {}),
  };
  const undecided = applyEdits(
    { ...host, now: () => new Date(newest.at) },
    mode,
    batch.map((n) => n.range),
  );
  if (undecided === null) return batch;
  const carried: EditNote[] = [];
  for (const note of batch) {
    if (carried.length > 0 && Date.now() > stop) break; // the rest stay noted for the next look
    applyOneEdit("orders", note.range, note.at, note.user, waiting);
    carried.push(note);
  }
  return carried;
}

const isOwn = (note: EditNote): boolean => note.own === true;

/**
 * An edit whose execution took the lock itself. An edit of 주문 is carried with the notes
 * already waiting (one look at the store, 30 ms), in the order they were made: decided before a
 * payment noted earlier, it would leave that one paid before the latest of the others, which
 * only the full pass can place (strict order; 16–24 s at 20,000 orders).
 */
export function applyOwnEdit(tab: EditedTab, range: EditedCells, at: number, user?: string): void {
  if (tab !== "orders") return applyOneEdit(tab, range, at, user);
  const stored = scriptProperties().getProperties();
  if (!Object.keys(stored).some((k) => k.startsWith(EDIT_NOTE_PREFIX)))
    return applyOneEdit(tab, range, at, user);
  const own: EditNote = { key: "", at, tab, range, own: true, ...(user ? { user } : {}) };
  carryEditNotes(stored, Date.now() + CARRY_BUDGET_MS, own);
}

/** Notes an edit that found the lock held; false when the store refused it. */
export function noteEdit(tab: EditedTab, range: EditedCells, user: string): boolean {
  const [key, value] = editNoteEntry(tab, range, Date.now(), Utilities.getUuid(), user);
  try {
    scriptProperties().setProperty(key, value);
    return true;
  } catch (error) {
    console.error("noteEdit", error);
    return false;
  }
}

const EDITED_TABS = Object.keys(EDIT_ROLE);

/**
 * Carries the noted edits in `stored` (the store as read, or read now), oldest first, each at
 * its own time, and removes each note once carried; then looks again and carries what was noted
 * meanwhile, still holding the lock. Holds the lock. An edit whose pass throws is not tried
 * again: 오류 says so and the next reconcile is a full pass. Stops, leaving the rest, once `until`
 * (epoch ms) or CARRY_HOLD_MS of carrying has passed. Returns how many it carried.
 */
export function carryEditNotes(
  stored?: Record<string, string>,
  until = Number.POSITIVE_INFINITY,
  own?: EditNote,
): number {
  const properties = scriptProperties();
  const stop = Math.min(until, Date.now() + CARRY_HOLD_MS);
  let store = stored ?? properties.getProperties();
  let carried = 0;
  let ownLeft = own ?? null;
  for (let look = 0; look < MAX_LOOKS; look++) {
    const read = readEditNotes(store, Date.now(), EDITED_TABS);
    for (const key of read.dropped) properties.deleteProperty(key);
    const notes = withOwnEdit(read.notes, ownLeft);
    ownLeft = null;
    if (notes.length === 0) {
      // Nobody waits: the status views the passes left for later (Host.later) are written, one
      // pass's at a time, looking at the store after each, for an edit noted meanwhile.
      if (!hasLater()) break;
      runLater(1);
      store = properties.getProperties();
      continue;
    }
    const today = seoulDateOf(new Date());
    const waiting = timedEdits(notes);
    const batches = noteBatches(notes, {
      // Ten payments ticked in twenty seconds: one pass for several (0.3 s each instead of 1.9).
      // Only single cells (a tick, a memo): a paste's new rows take the pass's time as 접수일시.
      joins: (n) =>
        n.tab === "orders" &&
        n.range.count === 1 &&
        n.range.columns === 1 &&
        seoulDateOf(new Date(n.at)) === today,
      maxNotes: MAX_ORDERS,
      maxRows: MAX_EDITED_ROWS,
    });
    // Past the stop, the rest stay noted; the execution's own edit is carried first (it has no
    // note for anyone else to find).
    const ownBatch = batches.findIndex((b) => b.some(isOwn));
    for (const [i, batch] of batches.entries()) {
      if (Date.now() > stop && i > ownBatch) return carried;
      // Up to the own edit's batch, whatever the time: no note of it is left for anyone else.
      const done = carryBatch(batch, waiting, i <= ownBatch ? Number.POSITIVE_INFINITY : stop);
      for (const note of done) if (!isOwn(note)) properties.deleteProperty(note.key);
      carried += done.length;
      if (done.length < batch.length) return carried;
    }
    // Looked at again before the release: ten payments ticked two seconds apart were carried
    // one release (its flush, 0.6 s) and one look apart, and queued up behind each other.
    store = properties.getProperties();
  }
  return carried;
}

/**
 * How long one holder goes on carrying notes that keep coming before it lets the lock go (a
 * customer's order waits for it meanwhile).
 */
export const CARRY_HOLD_MS = 4_000;
/** Looks at the store under one hold (a store whose deletes fail would never empty). */
const MAX_LOOKS = 30;

export { messageOf } from "./errors";

/** One pass for the notes of a batch (noteBatches): alone, as the edit was; several, together. */
function carryBatch(
  batch: readonly EditNote[],
  waiting: readonly TimedEdit[],
  stop: number,
): readonly EditNote[] {
  try {
    if (batch.length > 1) return applyEditsTogether(batch, waiting, stop);
    const [note] = batch as [EditNote];
    applyOneEdit(note.tab as EditedTab, note.range, note.at, note.user, waiting);
    return batch;
  } catch (error) {
    console.error("carryEditNotes", error);
    markFailure();
    try {
      recordScriptProblem("onEditInstalled", `실행 중 오류: ${messageOf(error)}`);
    } catch {
      // The spreadsheet itself is unreachable; the full pass the mark asks for carries it.
    }
    return batch; // not tried again: the full pass the mark asks for carries them
  }
}

/** How long, after its own work, an execution goes on carrying notes before leaving them. */
export const CARRY_BUDGET_MS = 60_000;
/**
 * Called by every execution that holds the lock, right before it releases it: carries the edits
 * noted while it held it, with no release, flush and look between them and its own work (0.7 s
 * of each noted edit's wait). Never throws; carryNotesAfterRelease still looks after the release,
 * for a note written while it released.
 */
export function carryBeforeRelease(): void {
  try {
    carryEditNotes(undefined, Date.now() + CARRY_BUDGET_MS);
  } catch (error) {
    console.error("carryBeforeRelease", error); // left noted: the look after the release tries again
  }
}

/** Rounds of look, lock, carry, release after one execution's own work. */
const MAX_ROUNDS = 20;

/**
 * Called by every execution right after it released the lock: while edits are noted and the lock
 * is free, takes it and carries them. An edit that noted itself while this one held the lock
 * either got the lock on its own second try or is seen here, so none waits for the reconcile.
 * When another execution has the lock, that one checks after its own release.
 */
export function carryNotesAfterRelease(): void {
  const until = Date.now() + CARRY_BUDGET_MS;
  try {
    // Every round ends with a release and so with another look: a note written while this held
    // the lock again is seen (returning when a round found none carried would miss it). Bounded
    // by the budget and by the rounds (a store whose deletes fail would never empty).
    for (let round = 0; round < MAX_ROUNDS && Date.now() <= until; round++) {
      const stored = scriptProperties().getProperties();
      if (!Object.keys(stored).some((k) => k.startsWith(EDIT_NOTE_PREFIX))) return;
      const lock = scriptLock();
      if (!lock || !lock.tryLock(0)) return; // the holder looks after its own release
      try {
        // Read again under the lock: the one that held it may have carried some meanwhile.
        carryEditNotes(undefined, until);
      } finally {
        release(lock);
      }
    }
  } catch (error) {
    // Left noted: the next holder of the lock or the next reconcile carries them.
    console.error("carryNotesAfterRelease", error);
  }
}
