/**
 * 오늘 출하, the tab Tutu watches instead of printouts: a summary line, then the day's shipments
 * in shipping order (payment order) with tick boxes for 수확 / 포장 / 발송 and cells for 택배사 and
 * 송장번호. Ticks and numbers flow back to 주문; ticking 발송 alone implies the earlier steps.
 */
import type { DayUsage } from "../domain/allocation";
import { koreanDate, type SeoulDate } from "../domain/clock";
import type { TickTimeOf } from "../domain/tickNotes";
import { EVENT } from "../domain/events";
import type { Settings, Status } from "../domain/schemas";
import { outOfSeason } from "../domain/settings";
import { statusLabel, transition } from "../domain/status";
import { formatWaybills, itemsShort, parseWaybills } from "../domain/shipments";
import { tab } from "../templates";
import { fnv1a } from "./fingerprint";
import type { Journal } from "./journal";
import type { Cell, Host } from "./port";
import type { RowState } from "./sync";
import { Table } from "./table";
import { findOrRecreateTab } from "./tabs";

const RANK: Partial<Record<Status, number>> = { harvested: 1, packed: 2, shipped: 3, delivered: 4 };
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

export interface TodayPlan {
  date: SeoulDate;
  summary: string;
  rows: Record<string, Cell>[];
  signature: string;
}

/** One line per shipment (all its rows, every item), named by its lead row's id. */
export function planToday(
  groups: RowState[][],
  orders: Table,
  days: DayUsage[],
  date: SeoulDate,
  settings: Settings,
): TodayPlan {
  const day = days.find((d) => d.date === date);
  const shipments = groups
    .map((group) => group.filter((s) => s.shipDate === date && s.status !== "cancelled"))
    .filter((group) => group.length > 0)
    .sort(
      (a, b) =>
        (a[0]!.paidAt?.getTime() ?? 0) - (b[0]!.paidAt?.getTime() ?? 0) ||
        (a[0]!.rowId < b[0]!.rowId ? -1 : 1),
    );
  const summary = todaySummary(date, day, shipments.length, settings);
  const list = shipments.map((group, i) => {
    const s = group[0]!;
    const rank = Math.min(...group.map((m) => RANK[m.status] ?? 0));
    const postal = orders.text(s.r, "postalCode");
    const memos = [...new Set(group.map((m) => orders.text(m.r, "memo")).filter(Boolean))];
    return {
      seq: i + 1,
      orderCode: s.orderCode,
      recipientName: orders.text(s.r, "recipientName"),
      recipientPhone: orders.text(s.r, "recipientPhone"),
      address: postal ? `(${postal}) ${orders.text(s.r, "address")}` : orders.text(s.r, "address"),
      item: itemsShort(group.map((m) => ({ item: orders.text(m.r, "item"), boxes: m.boxes }))),
      boxes: group.reduce((sum, m) => sum + m.boxes, 0),
      harvested: rank >= 1,
      packed: rank >= 2,
      shipped: rank >= 3,
      courier: orders.text(s.r, "courier"),
      trackingNumber: orders.text(s.r, "trackingNumber"),
      memo: memos.join(" / "),
      rowId: s.rowId,
      recorded: JSON.stringify({
        s: group.find((m) => (RANK[m.status] ?? 0) === rank)!.status,
        c: orders.text(s.r, "courier"),
        t: orders.text(s.r, "trackingNumber"),
      }),
    } satisfies Record<string, Cell>;
  });
  return { date, summary, rows: list, signature: JSON.stringify([summary, list]) };
}

/** The tab's top line: the day's capacity, what is assigned and how many places it goes to. */
export function todaySummary(
  date: SeoulDate,
  day: DayUsage | undefined,
  places: number,
  settings: Settings,
): string {
  const capacity = day?.capacity ?? 0;
  const assigned = day?.assigned ?? 0;
  // A day with nothing to ship says why, rather than "출하량 0상자".
  const offDay = places > 0 ? null : outOfSeason(settings, date);
  return offDay
    ? `${koreanDate(date)} · ${offDay}`
    : `${koreanDate(date)} 출하 · 출하량 ${capacity}상자 · 배정 ${assigned}상자 · 남음 ${capacity - assigned}상자 · ` +
        `${places}곳`;
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

/**
 * Tutu's ticks and tracking numbers, carried to 주문 by row id. Only what differs from what the
 * script last showed in the row (its hidden 기록 cell) is Tutu's: a stale tick never undoes a
 * correction Tony made in 주문 meanwhile.
 */
export function applyTodayTicks(
  today: Table,
  orders: Table,
  groups: RowState[][],
  journal: Journal,
  now: Date,
  times?: () => TickTimeOf,
): void {
  let timeOf: TickTimeOf | null = null; // asked for once, and only when a tick is carried
  // A line of the tab is a shipment: a tick or a number on it applies to every row it holds.
  const byLead = new Map(groups.map((group) => [group[0]!.rowId, group]));
  for (let r = 0; r < today.rowCount; r++) {
    const group = byLead.get(today.text(r, "rowId"));
    if (!group) continue;
    const s = group[0]!;
    // When Tutu edited the cell (noted by the edit trigger, which knows the tab's columns in the
    // template's order, as the script writes them), else now: the pass carries it later.
    const when = (key: string) =>
      (timeOf ??= times?.() ?? (() => null))(
        today.sheetRow(r),
        today.def.columns.findIndex((c) => c.key === key) + 1,
        s.rowId,
      ) ?? undefined;
    const shown = parseShown(today.text(r, "recorded"));
    const ticked: Status | null =
      today.get(r, "shipped") === true
        ? "shipped"
        : today.get(r, "packed") === true
          ? "packed"
          : today.get(r, "harvested") === true
            ? "harvested"
            : null;
    const wanted = ticked ? RANK[ticked]! : 0;
    if (wanted !== Math.min(RANK[shown.s] ?? 0, RANK.shipped!)) {
      let refused: Status | null = null;
      for (const m of group) {
        const current = RANK[m.status] ?? 0;
        if (ticked && wanted > current && m.status !== "cancelled") {
          const move = transition(m.status, ticked, "tutu");
          if (!move.allowed) continue;
          // A box she ticked has its own time, one implied by a later box that one's; never
          // later than the step after it, so the steps stay in order (포장 ticked before 수확).
          const steps = [...move.implied, ticked];
          const stepTimes = steps.map((step) => (today.get(r, step) === true ? when(step) : undefined));
          for (let i = steps.length - 2; i >= 0; i--) {
            const next = stepTimes[i + 1];
            if (!stepTimes[i] || (next && stepTimes[i]! > next)) stepTimes[i] = next;
          }
          for (const [i, step] of steps.entries()) {
            const at = stepTimes[i];
            journal.log({
              ...(at ? { at } : {}),
              actor: "tutu",
              orderCode: m.orderCode,
              rowId: m.rowId,
              event: EVENT.status,
              from: statusLabel(m.status),
              to: statusLabel(step),
              detail: step === ticked ? "" : "함께 처리됨",
            });
            m.status = step;
          }
        } else if (wanted < current && current < RANK.delivered!) {
          refused = m.status;
        }
      }
      if (refused) {
        // The box she unticked (or ticked below the state): the latest of her three.
        const at = (["harvested", "packed", "shipped"] as const)
          .map(when)
          .reduce<Date | undefined>((a, b) => (b && (!a || b > a) ? b : a), undefined);
        journal.incident(
          {
            tab: today.def.name,
            orderCode: s.orderCode,
            rowId: s.rowId,
            field: "진행상태",
            message: `${statusLabel(refused)}에서 되돌리는 것은 토니가 주문 탭의 진행상태에서 합니다`,
            raw: ticked ? statusLabel(ticked) : "",
          },
          at ?? now,
        );
      }
    }
    const courier = today.text(r, "courier");
    if (courier !== shown.c && courier) {
      for (const m of group) {
        if (courier === orders.text(m.r, "courier")) continue;
        const at = when("courier");
        journal.log({
          ...(at ? { at } : {}),
          actor: "tutu",
          orderCode: m.orderCode,
          rowId: m.rowId,
          event: EVENT.tracking,
          from: orders.text(m.r, "courier"),
          to: courier,
          detail: "택배사",
        });
        orders.set(m.r, "courier", courier);
      }
    }
    const typed = today.text(r, "trackingNumber");
    if (typed === shown.t || typed === "" || typed === orders.text(s.r, "trackingNumber")) continue;
    const tracking = parseWaybills(today.get(r, "trackingNumber"));
    if (!tracking.ok) {
      journal.incident(
        {
          tab: today.def.name,
          orderCode: s.orderCode,
          rowId: s.rowId,
          field: "송장번호",
          message: `송장번호: ${tracking.error}`,
          raw: typed,
        },
        when("trackingNumber") ?? now,
      );
      continue;
    }
    const numbers = formatWaybills(tracking.value);
    for (const m of group) {
      if (numbers === orders.text(m.r, "trackingNumber")) continue;
      const at = when("trackingNumber");
      journal.log({
        ...(at ? { at } : {}),
        actor: "tutu",
        orderCode: m.orderCode,
        rowId: m.rowId,
        event: EVENT.tracking,
        from: orders.text(m.r, "trackingNumber"),
        to: numbers,
        detail: "송장번호",
      });
      orders.set(m.r, "trackingNumber", numbers);
    }
  }
}

/** What the script last showed in a row of the tab; a row without it counts as unticked. */
function parseShown(text: string): { s: Status; c: string; t: string } {
  try {
    const parsed = JSON.parse(text) as { s: Status; c: string; t: string };
    if (parsed && typeof parsed.s === "string") return parsed;
  } catch {
    // an old or damaged cell: treat as nothing shown
  }
  return { s: "scheduled", c: "", t: "" };
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
