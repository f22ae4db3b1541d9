/**
 * An orchard ripens variety by variety (issue 21). 설정 says, per item or per variety:
 * - `수확 기간: 황도` = `08-12~09-10`: the days its boxes can ship (without a line: the season);
 * - `하루 최대: 황도` = `40`: boxes of it a day, beside the day's total;
 * - `주문 시작: 황도` = `08-01`: the order page takes no order for it before that day.
 * A name covers the item of that exact name, or every item of that variety (`황도` covers
 * `황도 4.5kg` and `황도 2.5kg`); an exact item's own line wins over its variety's. A line that
 * cannot be read is a problem naming it, and the items it covers are held (never silently given
 * the season): their orders wait until Tony fixes the line.
 */
import { koreanDate, parseSeoulDate, type SeoulDate } from "./clock";

export const HARVEST_PREFIX = "수확 기간:";
export const ITEM_LIMIT_PREFIX = "하루 최대:";
export const ORDER_START_PREFIX = "주문 시작:";
const PREFIXES = [HARVEST_PREFIX, ITEM_LIMIT_PREFIX, ORDER_START_PREFIX] as const;

export interface HarvestWindow {
  start: SeoulDate;
  end: SeoulDate;
}

/** What 설정 says of one item. */
export interface ItemRule {
  item: string;
  /** The days it can ship; null: the whole season. */
  window: HarvestWindow | null;
  /** The 설정 line that cannot be read and holds this item's orders, or null. */
  heldBy: string | null;
  /** The first day the order page takes it, or null. */
  orderStart: SeoulDate | null;
}

/** `하루 최대: 황도`: at most `boxes` boxes a day of the items the name covers, together. */
export interface ItemLimit {
  name: string;
  items: string[];
  boxes: number;
}

export interface SettingLineProblem {
  label: string;
  message: string;
}

export interface HarvestSettings {
  itemRules: ItemRule[];
  itemLimits: ItemLimit[];
  lineProblems: SettingLineProblem[];
}

/** Whether a 설정 label is one of the per-item lines. */
export const isItemLine = (label: string): boolean => PREFIXES.some((p) => label.startsWith(p));

const squash = (text: string): string => text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
const varietyOf = (item: string): string => squash(item).replace(/\d+(?:\.\d+)?(?:kg|g|키로|킬로)$/, "");

/** The items a line's name covers, and whether it names one item exactly. */
function covered(name: string, items: readonly string[]): { items: string[]; exact: boolean } {
  const exact = items.filter((i) => squash(i) === squash(name));
  if (exact.length > 0) return { items: exact, exact: true };
  return { items: items.filter((i) => varietyOf(i) === squash(name)), exact: false };
}

const shortDate = (date: SeoulDate): string => koreanDate(date).replace(/ \(.\)$/, "");

/** `8월 12일–9월 10일`. */
export const windowText = (w: HarvestWindow): string => `${shortDate(w.start)}–${shortDate(w.end)}`;

function parseWindow(
  value: unknown,
  season: HarvestWindow,
): { ok: true; value: HarvestWindow } | { ok: false; error: string } {
  const text = String(value ?? "").trim();
  const parts = text.split(/\s*[~～〜–—]\s*/);
  if (parts.length !== 2)
    return { ok: false, error: `'시작~끝' 형식으로 적어 주세요 (예: 08-12~09-10): "${text}"` };
  const year = Number(season.start.slice(0, 4));
  const start = parseSeoulDate(parts[0], year);
  const end = parseSeoulDate(parts[1], year);
  if (!start.ok) return { ok: false, error: `시작일을 읽을 수 없습니다: "${parts[0]}"` };
  if (!end.ok) return { ok: false, error: `끝나는 날을 읽을 수 없습니다: "${parts[1]}"` };
  if (end.value < start.value) return { ok: false, error: `끝나는 날이 시작일보다 앞섭니다: "${text}"` };
  if (start.value < season.start || end.value > season.end)
    return { ok: false, error: `시즌(${windowText(season)}) 밖입니다: "${text}"` };
  return { ok: true, value: { start: start.value, end: end.value } };
}

/**
 * The per-item lines of 설정 (`label` with one of the prefixes) read against the items and the
 * season. Never fails: each line that cannot be read is a problem, and holds what it covers.
 */
export function parseHarvestLines(
  lines: readonly { label: string; value: unknown }[],
  items: readonly string[],
  season: HarvestWindow,
): HarvestSettings {
  const lineProblems: SettingLineProblem[] = [];
  type Said = { window: HarvestWindow | null; heldBy: string | null };
  // Per item, what its own line and its variety's line say (its own wins).
  const own = new Map<string, Said>();
  const variety = new Map<string, Said>();
  const starts = new Map<string, { date: SeoulDate; exact: boolean }>();
  const heldByLimit = new Map<string, string>();
  const itemLimits: ItemLimit[] = [];
  for (const { label, value } of lines) {
    const prefix = PREFIXES.find((p) => label.startsWith(p))!;
    const name = label.slice(prefix.length).trim();
    const text = String(value ?? "").trim();
    if (text === "") continue; // an empty line says nothing: the item keeps the season
    const { items: names, exact } = covered(name, items);
    if (names.length === 0) {
      lineProblems.push({
        label,
        message: `설정 '${label}': 품목에 없는 이름입니다 ('품목:' 줄의 이름으로 적어 주세요)`,
      });
      continue;
    }
    if (prefix === HARVEST_PREFIX) {
      const parsed = parseWindow(value, season);
      if (!parsed.ok)
        lineProblems.push({
          label,
          message: `설정 '${label}': ${parsed.error}. 고칠 때까지 이 품목은 출하일을 정하지 않습니다`,
        });
      const said = parsed.ok ? { window: parsed.value, heldBy: null } : { window: null, heldBy: label };
      for (const item of names) (exact ? own : variety).set(item, said);
    } else if (prefix === ITEM_LIMIT_PREFIX) {
      const boxes = typeof value === "number" ? value : Number(text.replace(/[,\s]|상자$/g, ""));
      if (!Number.isInteger(boxes) || boxes < 0) {
        lineProblems.push({
          label,
          message: `설정 '${label}': 0 이상의 정수(상자수)로 적어 주세요: "${text}". 고칠 때까지 이 품목은 출하일을 정하지 않습니다`,
        });
        // An unknown limit holds the items rather than ship more than Tutu can pick.
        for (const item of names) heldByLimit.set(item, label);
        continue;
      }
      itemLimits.push({ name, items: names, boxes });
    } else {
      const date = parseSeoulDate(value, Number(season.start.slice(0, 4)));
      if (!date.ok) {
        lineProblems.push({ label, message: `설정 '${label}': ${date.error}` });
        continue;
      }
      for (const item of names)
        if (exact || !starts.get(item)?.exact) starts.set(item, { date: date.value, exact });
    }
  }
  const itemRules = items.map((item): ItemRule => {
    const said = own.get(item) ?? variety.get(item);
    return {
      item,
      window: said?.window ?? null,
      heldBy: said?.heldBy ?? heldByLimit.get(item) ?? null,
      orderStart: starts.get(item)?.date ?? null,
    };
  });
  return { itemRules, itemLimits, lineProblems };
}

/** Whether any per-item rule is set: without one, every item ships all season as before. */
export const hasVarieties = (h: HarvestSettings): boolean =>
  h.itemLimits.length > 0 || h.itemRules.some((r) => r.window !== null || r.heldBy !== null);

/**
 * `백도 4.5kg 12 · 황도 4.5kg 8/15`: a day's boxes per item, with the limit that covers it. The
 * one wording of 출하 일정's 품목별 배정 and of the `plan` and `today` commands.
 */
export function itemsOfDay(items: Record<string, number> | undefined, limits: readonly ItemLimit[]): string {
  const parts = Object.entries(items ?? {}).map(([item, boxes]) => {
    const limit = limits.find((l) => l.items.length === 1 && l.items[0] === item);
    return `${item} ${boxes}${limit ? `/${limit.boxes}` : ""}`;
  });
  // A limit over several items (a variety's) is its own part.
  for (const l of limits.filter((l) => l.items.length > 1)) {
    const used = l.items.reduce((sum, item) => sum + (items?.[item] ?? 0), 0);
    if (used > 0) parts.push(`${l.name} ${used}/${l.boxes}`);
  }
  return parts.join(" · ");
}

export interface ItemWindow {
  /** The days the item can ship: its window, or the season. */
  window: HarvestWindow;
  /** The line holding it, or null. */
  heldBy: string | null;
}

export function itemWindow(h: HarvestSettings, season: HarvestWindow, item: string): ItemWindow {
  const rule = h.itemRules.find((r) => r.item === item);
  return { window: rule?.window ?? season, heldBy: rule?.heldBy ?? null };
}

/** Where two windows overlap, or null. */
export function overlap(a: HarvestWindow, b: HarvestWindow): HarvestWindow | null {
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return start <= end ? { start, end } : null;
}

/**
 * The rows of one place split into parcels whose items ripen together: in order of their
 * window's start, a row joins the parcel before it while their windows still overlap; a held
 * item's rows go apart. Returns indices into `items`, each parcel in row order, parcels in the
 * order of their first row; one parcel when every window overlaps (the usual case).
 */
export function splitByWindow(
  h: HarvestSettings,
  season: HarvestWindow,
  items: readonly string[],
): { rows: number[]; window: HarvestWindow; heldBy: string | null }[] {
  const windows = items.map((item) => itemWindow(h, season, item));
  const order = items
    .map((_, i) => i)
    .sort((a, b) =>
      windows[a]!.window.start < windows[b]!.window.start
        ? -1
        : windows[a]!.window.start > windows[b]!.window.start
          ? 1
          : a - b,
    );
  const parcels: { rows: number[]; window: HarvestWindow; heldBy: string | null }[] = [];
  for (const i of order) {
    const { window, heldBy } = windows[i]!;
    if (heldBy !== null) {
      const held = parcels.find((p) => p.heldBy === heldBy);
      if (held) held.rows.push(i);
      else parcels.push({ rows: [i], window, heldBy });
      continue;
    }
    const last = [...parcels].reverse().find((p) => p.heldBy === null);
    const both = last ? overlap(last.window, window) : null;
    if (last && both) {
      last.rows.push(i);
      last.window = both;
    } else parcels.push({ rows: [i], window, heldBy: null });
  }
  for (const p of parcels) p.rows.sort((a, b) => a - b);
  return parcels.sort((a, b) => a.rows[0]! - b.rows[0]!);
}

/** For customers, before they pay: why one place gets more than one parcel and fee. */
export const splitNotice = (parcels: number): string =>
  `품종마다 익는 때가 달라 따로 보냅니다: 배송비 ${parcels}번`;

/** What of 설정 the varieties' rules read. */
export interface VarietySettings {
  harvest: HarvestSettings;
  seasonStart: SeoulDate;
  seasonEnd: SeoulDate;
}

const seasonOf = (s: VarietySettings): HarvestWindow => ({ start: s.seasonStart, end: s.seasonEnd });

/**
 * How the rows of one place split into parcels, given each row's item (the 설정 name, or what
 * was typed: an unknown item ships in the season). The one reading for every surface (the
 * decision, the status page, the courier file, the messages).
 */
export function parcelSplitter<T>(
  settings: VarietySettings,
  itemOf: (member: T) => string,
): ((members: readonly T[]) => number[][]) | undefined {
  if (!hasVarieties(settings.harvest)) return undefined;
  return (members) =>
    splitByWindow(settings.harvest, seasonOf(settings), members.map(itemOf)).map((p) => p.rows);
}

/** A parcel's window (its items' windows overlapping) and whether a bad line holds it. */
export function parcelWindow(
  settings: VarietySettings,
  items: readonly string[],
): { window?: HarvestWindow; heldBy: string | null } {
  if (!hasVarieties(settings.harvest)) return { heldBy: null };
  const season = seasonOf(settings);
  let window: HarvestWindow | null = season;
  let heldBy: string | null = null;
  for (const item of items) {
    const w = itemWindow(settings.harvest, season, item);
    heldBy ??= w.heldBy;
    window = window && overlap(window, w.window);
  }
  // Rows that do not ripen together are never one parcel (splitByWindow); a hand-made group
  // that has no common day is held rather than dated outside a window.
  if (!window) return { heldBy: heldBy ?? "수확 기간" };
  return window.start === season.start && window.end === season.end ? { heldBy } : { window, heldBy };
}

/** Rain or cold pushes a harvest back (issue 21, point 5): these items, N days, why. */
export interface HarvestDelay {
  items: readonly string[];
  days: number;
  reason: string;
}

const monthDay = (date: SeoulDate): string => date.slice(5);

/**
 * The 설정 lines a delay writes: each item's window from today on, N days later (its end too,
 * within the season). An item whose harvest is already over is left as it is.
 */
export function delayedWindows(
  settings: VarietySettings,
  delay: HarvestDelay,
  today: SeoulDate,
  addDays: (date: SeoulDate, days: number) => SeoulDate,
): { item: string; label: string; value: string; window: HarvestWindow }[] {
  const season = seasonOf(settings);
  const out: { item: string; label: string; value: string; window: HarvestWindow }[] = [];
  for (const item of delay.items) {
    const { window } = itemWindow(settings.harvest, season, item);
    if (today > window.end) continue;
    const from = window.start > today ? window.start : today;
    const start = addDays(from, delay.days);
    const pushed = addDays(window.end, delay.days);
    const end = pushed > season.end ? season.end : pushed;
    if (start > end) continue;
    out.push({
      item,
      label: `${HARVEST_PREFIX} ${item}`,
      value: `${monthDay(start)}~${monthDay(end)}`,
      window: { start, end },
    });
  }
  return out;
}
