/**
 * The timer's reconcile, doing only what changed since the last run. Every pass of sync leaves
 * in each row's hidden 기록 a fingerprint of the row (rowFingerprint), so a reconcile that reads
 * 주문 once can tell which rows a person changed without a trigger seeing it:
 *
 * - nothing changed (every fingerprint matches, no row added, removed or moved, 오늘 출하 as the
 *   script left it): it writes nothing and reads nothing more;
 * - some rows changed: one pass like an edit's (설정 and 출하 일정 from the cache, problems
 *   re-checked for the rows whose check changed, views refreshed for the orders it wrote), with
 *   the 주문 (and 오늘 출하) it already read, so nothing is read twice;
 * - a full pass (every tab read fresh, every problem re-checked against 오류, the customers' views
 *   rebuilt, unpaid web orders expired) when no earlier run is known, on the first run of a
 *   Seoul day, FULL_PASS_EVERY_MS after the last one, and after an execution failed or found the
 *   lock busy: what bypassed every trigger (a change to 설정, a tick whose trigger never ran)
 *   is still caught, a few hours later at worst.
 */
import { seoulDateOf, type SeoulDate } from "../domain/clock";
import { tab } from "../templates";
import { fnv1a } from "../domain/fingerprint";
import type { Cell, Host, SheetPort, WorkbookPort } from "./port";
import { INPUT_KEYS, parseRecorded, rowFingerprint } from "../domain/season/state";
import { sync, type SyncMode, type SyncResult } from "./sync";
import { Table } from "./table";
import { todayTabPending } from "./today";

/** What the last reconcile knew, kept between runs by the host (a script property). */
export interface ReconcileMemo {
  /** Seoul date of the last full pass. */
  day: SeoulDate;
  /** When the last full pass ran (epoch ms). */
  fullAt: number;
  /** Fingerprint of 주문's row ids, in sheet order, after the last pass. */
  rows: string;
  /** The failure mark (see ReconcileInput.failure) the last full pass already answered. */
  failure?: string;
  /** The last pass set rows aside: the next re-checks every problem, to resolve them once whole. */
  recheck?: true;
}

/** A full pass at least this often, whatever else happened. */
export const FULL_PASS_EVERY_MS = 3 * 3600 * 1000;

export type ReconcileKind = "full" | "rows" | "none";

export interface ReconcileInput {
  memo: ReconcileMemo | null;
  /** The full pass (the host's RECONCILE). */
  full: SyncMode;
  /** Set by an execution that failed or could not take the lock; a new value asks for a full pass. */
  failure?: string;
  /**
   * 주문 as the host read it before taking the lock, known to be unchanged since (the host checks
   * the sheet's version): used instead of reading it again.
   */
  ordersRead?: Cell[][];
}

export interface ReconcileOutcome {
  kind: ReconcileKind;
  result: SyncResult | null;
  memo: ReconcileMemo;
  /** Cells of 주문 (rows × columns) as read: what the next reconcile will read again. */
  orderCells: number;
}

export function reconcileChanges(host: Host, input: ReconcileInput): ReconcileOutcome {
  const now = host.now();
  const memo = input.memo;
  const dueFull =
    !memo ||
    memo.day !== seoulDateOf(now) ||
    now.getTime() - memo.fullAt >= FULL_PASS_EVERY_MS ||
    (!!input.failure && input.failure !== memo.failure);
  const sheet = host.workbook.sheet(tab("orders").name);
  if (dueFull || !sheet) return fullPass(host, input);

  const values = input.ordersRead ?? sheet.readAll();
  const orders = new Table(tab("orders"), values);
  if (!orders.has("recorded") || !orders.has("rowId")) return fullPass(host, input); // sync says what is missing
  const orderCells = cellsOf(values);
  const changed = changedRows(orders);
  const today = todayTabPending(host);
  if (changed === 0 && rowsSignature(orders) === memo.rows && !today.pending && !memo.recheck)
    return { kind: "none", result: null, memo, orderCells };

  const read = new Map<string, Cell[][]>([[tab("orders").name, values]]);
  if (today.values) read.set(tab("today").name, today.values);
  const result = sync(withReads(host, read), {
    kind: "changes",
    readToday: today.pending,
    recheckProblems: !!memo.recheck,
  });
  const next: ReconcileMemo = { day: memo.day, fullAt: memo.fullAt, ...afterPass(result) };
  if (memo.failure) next.failure = memo.failure;
  return { kind: "rows", result, memo: next, orderCells };
}

function fullPass(host: Host, input: ReconcileInput): ReconcileOutcome {
  const now = host.now();
  const read = input.ordersRead && new Map([[tab("orders").name, input.ordersRead]]);
  const result = sync(read ? withReads(host, read) : host, input.full);
  return {
    kind: "full",
    result,
    memo: {
      day: seoulDateOf(now),
      fullAt: now.getTime(),
      ...afterPass(result),
      ...(input.failure ? { failure: input.failure } : {}),
    },
    orderCells: result ? cellsOf(result.table.snapshot()) : 0,
  };
}

const cellsOf = (values: readonly Cell[][]): number => values.length * (values[0]?.length ?? 0);

/** Rows whose cells are not what the script last left there (or that it never saw). */
function changedRows(orders: Table): number {
  let changed = 0;
  for (let r = 0; r < orders.rowCount; r++) {
    if (orders.isBlank(r, INPUT_KEYS)) continue;
    const recorded = parseRecorded(orders.text(r, "recorded"));
    if (!recorded?.h || recorded.h !== rowFingerprint(orders, r)) changed++;
  }
  return changed;
}

/**
 * The rows' signature after a pass, and whether it set a row aside (its hidden cells belong to
 * another row) or could not run: then the next reconcile looks again and re-checks every
 * problem, so the problem resolves once the rows are whole, though no fingerprint changed.
 */
function afterPass(result: SyncResult | null): Pick<ReconcileMemo, "rows" | "recheck"> {
  if (!result) return { rows: "", recheck: true };
  let rows = 0;
  for (let r = 0; r < result.table.rowCount; r++) if (!result.table.isBlank(r, INPUT_KEYS)) rows++;
  return result.rows.length === rows
    ? { rows: rowsSignature(result.table) }
    : { rows: rowsSignature(result.table), recheck: true };
}

/**
 * 주문's rows in order, by id: a row deleted or the rows sorted (neither fires an edit trigger)
 * changes it, and so does a row a pass added.
 */
function rowsSignature(orders: Table): string {
  const ids: string[] = [];
  for (let r = 0; r < orders.rowCount; r++)
    if (!orders.isBlank(r, INPUT_KEYS)) ids.push(orders.text(r, "rowId"));
  return fnv1a(ids.join("\u001f"));
}

/** The host, with tabs already read handed out once instead of read again. */
function withReads(host: Host, read: Map<string, Cell[][]>): Host {
  const wrap = (sheet: SheetPort): SheetPort => ({
    get name() {
      return sheet.name;
    },
    readAll: () => {
      const values = read.get(sheet.name);
      read.delete(sheet.name);
      return values ?? sheet.readAll();
    },
    readRow: (row, width) => sheet.readRow(row, width),
    readRows: (first, count, width) => sheet.readRows(first, count, width),
    findRows: (column, text, fromRow, match) => sheet.findRows(column, text, fromRow, match),
    ...(sheet.findAny ? { findAny: sheet.findAny.bind(sheet) } : {}),
    lastRow: () => sheet.lastRow(),
    hide: () => sheet.hide(),
    write: (row, column, values) => sheet.write(row, column, values),
    append: (rows) => sheet.append(rows),
  });
  const workbook: WorkbookPort = {
    sheet: (name) => {
      const sheet = host.workbook.sheet(name);
      return sheet && read.has(name) ? wrap(sheet) : sheet;
    },
    addTab: (def) => host.workbook.addTab(def),
    ...(host.workbook.tabHandle ? { tabHandle: (name: string) => host.workbook.tabHandle!(name) } : {}),
  };
  return { ...host, workbook };
}
