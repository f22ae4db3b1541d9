/**
 * 이력 (every change, appended) and 오류 (the dead-letter tab: one row per problem, upserted by
 * key, marked 해결됨 when the cause is gone). Both are written once per use case.
 */

import { seoulDateOf } from "../domain/clock";
import { ACTOR_LABEL, EVENT, type EventLine } from "../domain/events";
import { DecisionLog, type LogEvent, type LogProblem } from "../domain/season/log";
import { tab } from "../templates";
import type { Cell, SheetPort, WorkbookPort } from "./port";
import { parseProblemKey, scopeId, scopeOf, type ProblemKey } from "../domain/problemKey";
import { findOrRecreateTab, rowsByHeader } from "./tabs";
import { Table } from "./table";

/** An event for 이력 and a problem for 오류: the domain's, as a decision logs them. */
export type JournalEvent = LogEvent;
export type JournalProblem = LogProblem;

export class Journal extends DecisionLog {
  /**
   * Writes what was gathered. 이력 and 오류 are found by name (made again, and the fact logged,
   * when someone deleted them) and written under their own headers, wherever Tony moved them.
   */
  flush(workbook: WorkbookPort, now: Date): void {
    if (this.events.length === 0 && !this.touchesProblems) return;
    const problems = this.touchesProblems ? findOrRecreateTab(workbook, tab("problems")) : null;
    const events = findOrRecreateTab(workbook, tab("events"));
    for (const made of [events, problems]) if (made?.recreated) this.tabRecreated(made.sheet.name);
    if (this.events.length > 0) appendEvents(events.sheet, this.events, now);
    if (problems) upsertProblems(problems.sheet, this, now);
    this.events.length = 0;
    this.incidents.length = 0;
  }
}

function appendEvents(sheet: SheetPort, events: JournalEvent[], now: Date): void {
  sheet.append(
    rowsByHeader(
      sheet,
      tab("events"),
      events.map((e) => ({
        at: e.at ?? now,
        actor: e.by || ACTOR_LABEL[e.actor],
        orderCode: e.orderCode,
        rowId: e.rowId,
        event: e.event,
        from: e.from ?? "",
        to: e.to ?? "",
        detail: e.detail ?? "",
      })),
    ),
  );
}

function upsertProblems(sheet: SheetPort, journal: Journal, now: Date): void {
  const def = tab("problems");
  const table = Table.read(def, sheet);
  const open = new Map<string, number>();
  for (let r = 0; r < table.rowCount; r++) {
    const key = table.text(r, "problemKey");
    if (key && table.get(r, "resolved") !== true) open.set(key, r);
  }
  for (const [key, r] of open) {
    const seen = journal.problems.get(key);
    if (seen) {
      // Both set (no short circuit): a new message with a new value writes both.
      const message = table.set(r, "message", seen.message);
      const raw = table.set(r, "raw", seen.raw);
      if (message || raw) table.set(r, "at", now);
      table.set(r, "field", seen.field); // an older pass wrote the column key (boxes) here
    } else {
      const parsed = parseProblemKey(key);
      if (parsed && journal.checkedScopes.has(scopeId(scopeOf(parsed)))) table.set(r, "resolved", true);
    }
  }
  table.flush(sheet);
  const fresh = [
    ...[...journal.problems].filter(([key]) => !open.has(key)).map(([key, p]) => ({ ...p, key, at: now })),
    ...journal.incidents,
  ];
  if (fresh.length === 0) return;
  sheet.append(
    rowsByHeader(
      sheet,
      def,
      fresh.map((p) => ({
        at: p.at,
        tab: p.tab,
        orderCode: p.orderCode ?? "",
        rowId: p.rowId ?? "",
        field: p.field,
        message: p.message,
        raw: p.raw,
        resolved: false,
        handled: false,
        problemKey: p.key,
      })),
      table.snapshot()[def.headerRow - 1] ?? [],
    ),
  );
}

/** One problem row written at once, for failures outside a normal pass (a busy lock, a crash). */
export function recordIncident(
  workbook: WorkbookPort,
  problem: Omit<JournalProblem, "key">,
  now: Date,
): void {
  const journal = new Journal();
  journal.incident(problem, now);
  journal.flush(workbook, now);
}

/** One line of 이력 as read back. */
export interface LoggedEvent extends EventLine {
  detail: string;
}

/** Won received from the bank per order (the 은행 입금 lines add up, 입금 취소 lines take away). */
export function receivedByOrder(events: readonly LoggedEvent[]): Map<string, number> {
  const received = new Map<string, number>();
  for (const e of events)
    if (e.event === EVENT.bankDeposit || e.event === EVENT.bankReversal) {
      // A reversal's 이후 is the won taken back (positive: a leading - would read as a formula).
      const won = (Number(e.to) || 0) * (e.event === EVENT.bankReversal ? -1 : 1);
      received.set(e.orderCode, (received.get(e.orderCode) ?? 0) + won);
    }
  return received;
}

/** All of 이력, in one read. */
/** The archive tab of one year of 이력: `이력 2026`. */
export const archiveTabName = (year: number) => `${tab("events").name} ${year}`;

/**
 * Every event of 이력, and of this season's archive tab when 이력 was archived mid-season, so
 * the customers' timelines can always be rebuilt (archives of past seasons are not read).
 */
export function readEvents(workbook: WorkbookPort, now: Date = new Date()): LoggedEvent[] {
  const season = workbook.sheet(archiveTabName(Number(seoulDateOf(now).slice(0, 4))));
  return [...(season ? eventsOf(season) : []), ...eventsOf(workbook.sheet(tab("events").name))];
}

/**
 * What an archive moves: past a threshold of rows, every row but the newest `keep` goes to the
 * tab of its own year; the menu item moves all rows of past years. Order inside each is kept.
 */
export function planArchive(
  rows: Cell[][],
  atColumn: number,
  options: { keep: number; beforeYear: number | null },
): { move: Map<number, Cell[][]>; stay: Cell[][] } {
  const move = new Map<number, Cell[][]>();
  const stay: Cell[][] = [];
  const firstKept = Math.max(0, rows.length - options.keep);
  rows.forEach((row, i) => {
    const at = row[atColumn];
    const year = at instanceof Date ? Number(seoulDateOf(at).slice(0, 4)) : null;
    const old = i < firstKept || (options.beforeYear !== null && year !== null && year < options.beforeYear);
    if (!old || year === null) stay.push(row);
    else {
      const part = move.get(year) ?? [];
      if (part.length === 0) move.set(year, part);
      part.push(row);
    }
  });
  return { move, stay };
}

function eventsOf(sheet: ReturnType<WorkbookPort["sheet"]>): LoggedEvent[] {
  if (!sheet) return [];
  const table = Table.read(tab("events"), sheet);
  return Array.from({ length: table.rowCount }, (_, r) => {
    const at = table.get(r, "at");
    return {
      at: at instanceof Date ? at.getTime() : 0,
      orderCode: table.text(r, "orderCode"),
      rowId: table.text(r, "rowId"),
      event: table.text(r, "event"),
      from: table.text(r, "from"),
      to: table.text(r, "to"),
      detail: table.text(r, "detail"),
    };
  });
}

/**
 * A standing check outside the rows (the spreadsheet's time zone, say): one 오류 row while it
 * fails, marked 해결됨 when it passes again.
 */
export function recordCheck(
  workbook: WorkbookPort,
  key: ProblemKey,
  problem: Omit<JournalProblem, "key"> | null,
  now: Date,
): void {
  const journal = new Journal();
  journal.checked(scopeOf(key));
  if (problem) journal.problem({ ...problem, key });
  journal.flush(workbook, now);
}
