/**
 * 오늘 출하, the tab Tutu watches instead of printouts, as the app keeps it: read, written
 * cell-safe from the decision's plan (domain/season/today.ts), and remembered in the cache (its
 * signature, digest and index) so a pass knows what it shows without reading it. Her ticks and
 * numbers flow back to 주문 through the decision (domain/season/ticks.ts).
 */
import type { SeoulDate } from "../domain/clock";
import { fnv1a } from "../domain/fingerprint";
import type { TodayPlan } from "../domain/season/today";
import { tab } from "../templates";
import type { Journal } from "./journal";
import type { Cell, Host } from "./port";
import { Table } from "./table";
import { findOrRecreateTab } from "./tabs";

export type { TodayPlan };

const SIGNATURE_KEY = "peach:today-signature:v1";
const INDEX_KEY = "peach:today-index:v1";
/**
 * What the tab shows, small enough for the cache at any size (the signature is not, past some
 * hundreds of lines): a fingerprint of the top line and of each line's cells as text.
 */
const DIGEST_KEY = "peach:today-digest:v1";

interface TodayDigest {
  s: string;
  l: string[];
}

const lineDigest = (line: Record<string, Cell>) =>
  fnv1a(
    tab("today")
      .columns.map((c) => String(line[c.key] ?? ""))
      .join("\u001f"),
  );

function readDigest(host: Host): TodayDigest | null {
  try {
    const digest = JSON.parse(host.cache.get(DIGEST_KEY) ?? "null") as TodayDigest | null;
    return digest && typeof digest.s === "string" && Array.isArray(digest.l) ? digest : null;
  } catch {
    return null;
  }
}

/**
 * Which shipment each line of the tab shows, and its top line: small enough for the cache at
 * any size (the signature is not), so an edit finds a shipment's line without reading the tab.
 */
export interface TodayIndex {
  date: SeoulDate;
  summary: string;
  /** Lead row ids, line by line. */
  ids: string[];
}

export function todayIndex(host: Host): TodayIndex | null {
  try {
    const index = JSON.parse(host.cache.get(INDEX_KEY) ?? "null") as TodayIndex | null;
    return index && Array.isArray(index.ids) ? index : null;
  } catch {
    return null;
  }
}

export function rememberTodayIndex(host: Host, index: TodayIndex): void {
  host.cache.put(INDEX_KEY, JSON.stringify(index));
}

/**
 * An edit rewrote some lines itself: the cached signature (the plan the tab shows) takes the same
 * lines and top line, so a later pass knows the tab without reading it. No signature (too large
 * for the cache, or never written) stays none.
 */
export function rememberTodayLines(
  host: Host,
  summary: string,
  lines: ReadonlyMap<number, Record<string, Cell>>,
): void {
  const digest = readDigest(host);
  if (digest && [...lines.keys()].every((i) => i < digest.l.length)) {
    for (const [i, line] of lines) digest.l[i] = lineDigest(line);
    host.cache.put(DIGEST_KEY, JSON.stringify({ s: fnv1a(summary), l: digest.l }));
  } else if (digest) {
    host.cache.remove(DIGEST_KEY); // the next reconcile reads the tab
  }
  const cached = host.cache.get(SIGNATURE_KEY);
  if (cached === null) return;
  try {
    const [, rows] = JSON.parse(cached) as [string, Record<string, Cell>[]];
    for (const [i, line] of lines) {
      if (i >= rows.length) throw new RangeError("line past the list");
      rows[i] = line;
    }
    host.cache.put(SIGNATURE_KEY, JSON.stringify([summary, rows]));
  } catch {
    host.cache.remove(SIGNATURE_KEY); // unreadable: the next pass reads the tab
  }
}

export function todayTabChanged(host: Host, plan: TodayPlan): boolean {
  return host.cache.get(SIGNATURE_KEY) !== plan.signature;
}

/** The tab shows this plan now: an edit that leaves the plan as it is need not read the tab. */
export function rememberTodayTab(host: Host, plan: TodayPlan): void {
  const digest: TodayDigest = { s: fnv1a(plan.summary), l: plan.rows.map(lineDigest) };
  host.cache.putAll({ [SIGNATURE_KEY]: plan.signature, [DIGEST_KEY]: JSON.stringify(digest) });
  const index = { date: plan.date, summary: plan.summary, ids: plan.rows.map((row) => String(row.rowId)) };
  if (JSON.stringify(todayIndex(host)) !== JSON.stringify(index)) rememberTodayIndex(host, index);
}

/**
 * Whether 오늘 출하 may hold something the script has not taken yet (a tick or a number whose
 * edit trigger did not run), judged against what the script last wrote there (its cached
 * digest). Reads the tab only when that list has lines: a day without shipments costs no read.
 * `values` is what was read, for the pass that follows.
 */
export function todayTabPending(host: Host): { pending: boolean; values: Cell[][] | null } {
  const sheet = host.workbook.sheet(tab("today").name);
  const digest = readDigest(host);
  if (!sheet || !digest) return { pending: true, values: null };
  if (digest.l.length === 0) return { pending: false, values: null };
  const values = sheet.readAll();
  const today = new Table(tab("today"), values);
  const line = (r: number) => {
    const cells: Record<string, Cell> = {};
    for (const c of today.def.columns) cells[c.key] = today.get(r, c.key);
    return cells;
  };
  let differs = fnv1a(String(today.at(1, 1))) !== digest.s;
  for (let r = 0; !differs && r < today.rowCount; r++)
    differs = r < digest.l.length ? lineDigest(line(r)) !== digest.l[r] : today.text(r, "rowId") !== "";
  return { pending: differs, values };
}

/** The tab as Tutu left it; made again (and the fact logged) when someone deleted it. */
export function readTodayTab(host: Host, journal: Journal): Table {
  const { sheet, recreated } = findOrRecreateTab(host.workbook, tab("today"));
  if (recreated) journal.tabRecreated(sheet.name);
  return Table.read(tab("today"), sheet);
}

/** Whether the tab shows something else than the plan (a tick Tutu made that was refused). */
export function todayTabDiffers(today: Table, plan: TodayPlan): boolean {
  if (today.at(1, 1) !== plan.summary) return true;
  for (let r = plan.rows.length; r < today.rowCount; r++) if (today.text(r, "rowId")) return true;
  return plan.rows.some((row, r) =>
    today.def.columns.some((c) => String(today.get(r, c.key)) !== String(row[c.key] ?? "")),
  );
}

/** More separate writes than this for 오늘 출하 and it is written as one block. */
const MAX_CELL_WRITES = 8;

/**
 * Writes the plan over the tab from row 1: only the cells that differ from the tab as read (a
 * tick carried changes a line's 기록 and the boxes it implies); rows left over from a longer list
 * are blanked. A write never covers a cell of Tutu's that the pass does not change: she may be
 * typing there while it runs (she takes no lock), and her edit must not be written over. Rows
 * whose changed cells span the same columns go out as one block. `whole` writes every row
 * (midnight, the menu): one block, whatever it held.
 */
export function writeTodayTab(host: Host, today: Table, plan: TodayPlan, whole = false): void {
  const sheet = host.workbook.sheet(today.def.name);
  if (!sheet) return;
  const columns = today.def.columns;
  const width = columns.length;
  const blank = (key: string): Cell => (columns.find((c) => c.key === key)?.type === "checkbox" ? false : "");
  const body = plan.rows.map((row) => columns.map((c) => row[c.key] ?? ""));
  const leftover = Math.max(0, today.rowCount - plan.rows.length);
  for (let i = 0; i < leftover; i++) body.push(columns.map((c) => blank(c.key)));
  const summary: Cell[] = [plan.summary, ...Array.from({ length: width - 1 }, () => "")];
  const header = columns.map((c) => c.header);
  const rows = [summary, header, ...body];
  if (whole) sheet.write(1, 1, rows);
  else {
    // Per row, runs of columns [from, to] (0-based) to write: changed cells, joined across
    // unchanged cells of the script's but never across an unchanged cell of Tutu's.
    const runs = rows.map((row, i) => {
      const out: [number, number][] = [];
      let open: [number, number] | null = null;
      row.forEach((v, c) => {
        if (String(today.at(i + 1, c + 1)) !== String(v)) {
          if (open) open[1] = c;
          else out.push((open = [c, c]));
        } else if (i >= 2 && columns[c]!.owner === "tutu") open = null;
      });
      return out;
    });
    const same = (a: [number, number][], b: [number, number][]) =>
      a.length === b.length && a.every(([f, t], k) => f === b[k]![0] && t === b[k]![1]);
    const writes: [number, number, Cell[][]][] = [];
    for (let i = 0; i < rows.length;) {
      let end = i;
      while (end + 1 < rows.length && runs[end + 1]!.length > 0 && same(runs[end + 1]!, runs[i]!)) end++;
      for (const [from, to] of runs[i]!)
        writes.push([i + 1, from + 1, rows.slice(i, end + 1).map((row) => row.slice(from, to + 1))]);
      i = end + 1;
    }
    // The list itself moved (many rows changed): one block from the first changed row to the
    // last, whatever the writes above would cost; her cells move with their lines anyway.
    if (writes.length > MAX_CELL_WRITES) {
      const changed = runs.flatMap((r, i) => (r.length > 0 ? [i] : []));
      sheet.write(changed[0]! + 1, 1, rows.slice(changed[0]!, changed.at(-1)! + 1));
    } else for (const [row, column, values] of writes) sheet.write(row, column, values);
  }
  rememberTodayTab(host, plan);
}
