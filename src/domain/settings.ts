/**
 * Settings come from the 설정 tab as label/value rows. Tony adds an item by adding a row
 * `품목: <name>` with its price per box. A new workbook leaves what only Tony knows (his account,
 * phone and the orchard's address) empty: until he fills them, whatever needs them says which
 * line to fill instead of showing a placeholder to a customer or the courier.
 */
import { SETTING_DEFS } from "../templates";
import { fail, ok, type Result } from "./result";
import { firstIssue, SettingsSchema, type Settings } from "./schemas";
import { addDays, koreanDate, parseSeoulDate, type SeoulDate } from "./clock";
import { initialCourierDaysOff } from "./courierDays";
import { editDistance } from "./distance";
import { HARVEST_PREFIX, isItemLine, parseHarvestLines, windowText } from "./harvest";
import { withParticle } from "./korean";
import { formatWon } from "./pricing";

export const ITEM_PREFIX = "품목:";
const WEEKDAYS = "일월화수목금토";
const POLICY_WORDS: Record<string, string> = {
  입금순: "strict",
  "빈자리 채우기": "fill",
  strict: "strict",
  fill: "fill",
};
const YES_NO_WORDS: Record<string, boolean> = { 예: true, 네: true, 아니오: false, 아니요: false };
/** 문자 자동 발송: 아니오 (copy-paste only), 솔라피, 멈춤 (paused). */
const SMS_WORDS: Record<string, string> = {
  아니오: "off",
  아니요: "off",
  솔라피: "solapi",
  solapi: "solapi",
  멈춤: "paused",
  일시정지: "paused",
};
const ROUNDING_WORDS: Record<string, string> = { 올림: "ceil", 내림: "floor", ceil: "ceil", floor: "floor" };

export interface SettingRow {
  label: unknown;
  value: unknown;
  /** The row's 설명 cell, when read: it tells which template made the workbook (unfilled). */
  description?: unknown;
}

const labelOfKey = (key: string): string => SETTING_DEFS.find((d) => d.key === key)?.label ?? key;

function toNumber(value: unknown): unknown {
  if (typeof value === "number") return value;
  const text = String(value ?? "").replace(/[,\s원]/g, "");
  return text !== "" && Number.isFinite(Number(text)) ? Number(text) : value;
}

/** 예 / 아니오, or a ticked box; anything else stays as typed so the schema names it. */
function toYesNo(value: unknown): unknown {
  if (typeof value === "boolean") return value;
  const word = String(value ?? "").replace(/\s/g, "");
  return word in YES_NO_WORDS ? YES_NO_WORDS[word] : word;
}

function toDate(value: unknown, seasonYear: number): unknown {
  const parsed = parseSeoulDate(value, seasonYear);
  return parsed.ok ? parsed.value : String(value ?? "");
}

const defOf = (key: string) => SETTING_DEFS.find((d) => d.key === key)!;
/** `07-13` from the template's season rows: the season's month and day, whatever the year. */
const monthDay = (key: string): string => String(defOf(key).value).slice(-5);

/**
 * The season a new workbook starts with: this summer's, or next summer's once this one is over,
 * so a workbook made in November plans for the coming July, not the one gone.
 */
export function defaultSeason(today: SeoulDate): { start: SeoulDate; end: SeoulDate } {
  let year = Number(today.slice(0, 4));
  if (`${year}-${monthDay("seasonEnd")}` < today) year++;
  return { start: `${year}-${monthDay("seasonStart")}`, end: `${year}-${monthDay("seasonEnd")}` };
}

/** The year a date typed without one (`7월 13일`) belongs to: the season's. */
export const seasonYearOf = (settings: Pick<Settings, "seasonStart">): number =>
  Number(settings.seasonStart.slice(0, 4));

/** The rows a new 설정 tab starts with (label, value, description), the season following the clock. */
export function initialSettingRows(today: SeoulDate): [string, string | number, string][] {
  const season = defaultSeason(today);
  const value = (key: string, v: string | number) =>
    key === "seasonStart"
      ? season.start
      : key === "seasonEnd"
        ? season.end
        : key === "courierDaysOff"
          ? initialCourierDaysOff(Number(season.start.slice(0, 4)))
          : v;
  const rows: [string, string | number, string][] = SETTING_DEFS.map((d) => [
    d.label,
    value(d.key, d.value),
    d.description,
  ]);
  // One empty harvest window per item, so Tony finds where a variety's days go.
  for (const d of SETTING_DEFS.filter((d) => d.label.startsWith(ITEM_PREFIX)))
    rows.push([
      `${HARVEST_PREFIX} ${d.label.slice(ITEM_PREFIX.length).trim()}`,
      "",
      "이 품목을 수확해 보낼 수 있는 기간 (예: 08-12~09-10). 비우면 시즌 내내",
    ]);
  return rows;
}

/**
 * 입금 안내's 설명 as written by the template of before 2026-11-25, which put each example
 * (카카오뱅크 3333-01-2345678…) into the value cell itself. The template since writes the value
 * cells empty and this 설명 longer; setup never rewrites the rows of an existing 설정.
 */
const EXAMPLES_WRITTEN_DESCRIPTION = "입금 요청 메시지와 조회 화면에 나옵니다";

/** Whether the template that made this 설정 wrote the examples into its value cells. */
function examplesWritten(rows: SettingRow[]): boolean {
  const label = labelOfKey("paymentInstructions");
  return rows.some(
    (r) =>
      String(r.label ?? "").trim() === label &&
      String(r.description ?? "").trim() === EXAMPLES_WRITTEN_DESCRIPTION,
  );
}

/**
 * Whether Tony has really filled a value (issue 23): "empty" when blank; "example" when marked
 * as one (`예: …`), or equal to the template's example in a workbook whose template wrote the
 * example there (so the script typed it, not Tony); null when filled. A value equal to the
 * example in a workbook made since can only have been typed or pasted by Tony: it is his.
 */
function unfilled(key: string, value: string, written: boolean): "empty" | "example" | null {
  if (value === "") return "empty";
  if (/^\(?예[:)시]/.test(value)) return "example";
  const example = defOf(key).example;
  return written && example !== undefined && value === example ? "example" : null;
}

/**
 * 택배 쉬는 날: dates separated by commas or lines (`2026-08-14, 9월 24일`), or one date cell.
 * A part that is no date stays as typed, so the schema names the setting.
 */
function toDates(value: unknown, seasonYear: number): unknown {
  if (value instanceof Date) return [toDate(value, seasonYear)];
  const parts = String(value ?? "")
    .split(/[,\n;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const dates = parts.map((p) => parseSeoulDate(p, seasonYear));
  const bad = parts.find((_, i) => !dates[i]!.ok);
  return bad === undefined ? [...new Set(dates.map((d) => (d.ok ? d.value : "")))].sort() : bad;
}

function toWeekdays(value: unknown): unknown {
  const parts = String(value ?? "")
    .split(/[,\s/]+/)
    .filter(Boolean);
  return parts.map((p) => (WEEKDAYS.includes(p[0] ?? "") ? WEEKDAYS.indexOf(p[0]!) : -1));
}

/** Settings that decide money or capacity: never taken from the template's defaults. */
const REQUIRED = ["shippingFeePerParcel", "boxesPerParcel", "feeRounding", "defaultCapacity"];

/** Labels of the template missing from 설정 (renamed or deleted rows), as 오류 lists them. */
export function missingSettingLabels(rows: SettingRow[]): string[] {
  const labels = new Set(rows.map((r) => String(r.label ?? "").trim()));
  const hasItem = [...labels].some((l) => l.startsWith(ITEM_PREFIX));
  return SETTING_DEFS.filter((d) => (d.label.startsWith(ITEM_PREFIX) ? !hasItem : !labels.has(d.label))).map(
    (d) => d.label,
  );
}

/** 조회 페이지 주소 goes into every message: only a web address, never `javascript:` or the like. */
export function safeStatusPageUrl(url: string): boolean {
  return (
    url === "" ||
    /^https:\/\/[^\s]+$/i.test(url) ||
    /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/\S*)?$/i.test(url)
  );
}

/**
 * Settings from the rows of 설정. A missing row that decides money or capacity is an error
 * (no silent 35,000 for a 40,000 price); any other missing row takes the template's default and
 * is listed by missingSettingLabels. `today` gives the season a missing row defaults to, and
 * the year of one typed without it (`7월 13일`).
 */
export function parseSettings(rows: SettingRow[], today: SeoulDate): Result<Settings> {
  const byLabel = new Map<string, unknown>();
  const items: { name: string; unitPrice: unknown }[] = [];
  const itemLines: { label: string; value: unknown }[] = [];
  for (const row of rows) {
    const label = String(row.label ?? "").trim();
    if (isItemLine(label)) {
      itemLines.push({ label, value: row.value });
    } else if (label.startsWith(ITEM_PREFIX)) {
      const name = label.slice(ITEM_PREFIX.length).trim();
      if (name) items.push({ name, unitPrice: toNumber(row.value) });
    } else if (label) {
      byLabel.set(label, row.value);
    }
  }
  const absent = REQUIRED.map((key) => labelOfKey(key)).filter((label) => {
    const v = byLabel.get(label);
    return v === undefined || v === "";
  });
  if (items.length === 0) absent.push(`${ITEM_PREFIX} (품목과 상자당 가격)`);
  if (absent.length > 0) {
    return fail(
      `설정에 ${absent.map((l) => `'${l}'`).join(", ")} 줄이 없거나 비어 있습니다. 이름이 바뀌었으면 원래대로 고쳐 주세요. 돈과 출하량은 기본값으로 대신 계산하지 않습니다`,
    );
  }
  const statusPageUrl = String(byLabel.get(labelOfKey("statusPageUrl")) ?? "").trim();
  if (!safeStatusPageUrl(statusPageUrl)) {
    return fail(
      `설정 ${labelOfKey("statusPageUrl")}: https://로 시작하는 주소만 쓸 수 있습니다: "${statusPageUrl}"`,
    );
  }
  const season = defaultSeason(today);
  const value = (key: string): unknown => {
    const def = defOf(key);
    const v = byLabel.get(def.label);
    if (v !== undefined && v !== "") return v;
    return key === "seasonStart" ? season.start : key === "seasonEnd" ? season.end : def.value;
  };
  const written = examplesWritten(rows);
  const examplesLeft: OwnSetting[] = [];
  const filled = (key: OwnSetting): string => {
    const text = String(value(key) ?? "").trim();
    const state = unfilled(key, text, written);
    if (state === "example") examplesLeft.push(key);
    return state ? "" : text;
  };
  const seasonYear = Number(season.end.slice(0, 4));
  const candidate = {
    sellerName: String(value("sellerName")).trim(),
    paymentInstructions: filled("paymentInstructions"),
    sellerPhone: filled("sellerPhone"),
    senderAddress: filled("senderAddress"),
    items,
    shippingFeePerParcel: toNumber(value("shippingFeePerParcel")),
    boxesPerParcel: toNumber(value("boxesPerParcel")),
    feeRounding: ROUNDING_WORDS[String(value("feeRounding")).trim()] ?? value("feeRounding"),
    defaultCapacity: toNumber(value("defaultCapacity")),
    shippingWeekdays: toWeekdays(value("shippingWeekdays")),
    leadDays: toNumber(value("leadDays")),
    policy: POLICY_WORDS[String(value("policy")).trim()] ?? value("policy"),
    seasonStart: toDate(value("seasonStart"), seasonYear),
    seasonEnd: toDate(value("seasonEnd"), seasonYear),
    // A row Tony emptied means no days off; a missing row (an older workbook) the known ones.
    courierDaysOff: byLabel.has(labelOfKey("courierDaysOff"))
      ? toDates(byLabel.get(labelOfKey("courierDaysOff")), seasonYear)
      : toDates(initialCourierDaysOff(seasonYear), seasonYear),
    noShipBeforeDayOff: toYesNo(value("noShipBeforeDayOff")),
    delayNoticeDays: toNumber(value("delayNoticeDays")),
    statusPageUrl: String(value("statusPageUrl") ?? "").trim(),
    onlineOrders: toYesNo(value("onlineOrders")),
    webMaxRecipients: toNumber(value("webMaxRecipients")),
    webMaxBoxes: toNumber(value("webMaxBoxes")),
    webUnpaidPerPhone: toNumber(value("webUnpaidPerPhone")),
    webOrdersPer10Min: toNumber(value("webOrdersPer10Min")),
    webExpiryDays: toNumber(value("webExpiryDays")),
    acceptWaiting: toYesNo(value("acceptWaiting")),
    smsSending:
      SMS_WORDS[String(value("smsSending")).replace(/\s/g, "").toLowerCase()] ?? value("smsSending"),
    smsFrom: String(value("smsFrom") ?? "").trim(),
    smsDailyMax: toNumber(value("smsDailyMax")),
    smsToRecipients: toYesNo(value("smsToRecipients")),
    ...(examplesLeft.length > 0 ? { examplesLeft } : {}),
  };
  const seasonStart = candidate.seasonStart;
  const seasonEnd = candidate.seasonEnd;
  const harvest = parseHarvestLines(
    itemLines,
    items.map((i) => i.name),
    typeof seasonStart === "string" && typeof seasonEnd === "string"
      ? { start: seasonStart, end: seasonEnd }
      : season,
  );
  const parsed = SettingsSchema.safeParse({ ...candidate, harvest });
  if (!parsed.success) {
    return fail(
      `설정 ${firstIssue(parsed.error, (path) => (path.startsWith("items") ? "품목 가격" : labelOfKey(path.split(".")[0]!)))}`,
    );
  }
  return ok(parsed.data);
}

/**
 * The items for 주문's 품목 dropdown: 설정's own, or the template's while 설정 has none yet (a
 * sheet being set up gets exactly those rows). Prices are never taken from here.
 */
export function itemNames(rows: SettingRow[]): string[] {
  const own = rows
    .map((r) => String(r.label ?? "").trim())
    .filter((l) => l.startsWith(ITEM_PREFIX))
    .map((l) => l.slice(ITEM_PREFIX.length).trim())
    .filter(Boolean);
  if (own.length > 0) return own;
  return SETTING_DEFS.filter((d) => d.label.startsWith(ITEM_PREFIX)).map((d) =>
    d.label.slice(ITEM_PREFIX.length).trim(),
  );
}

/** The settings of a new workbook made on `today`. */
export function defaultSettings(today: SeoulDate): Settings {
  const parsed = parseSettings(
    initialSettingRows(today).map(([label, value]) => ({ label, value })),
    today,
  );
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

export function unitPriceOf(settings: Settings, item: string): number | undefined {
  return settings.items.find((i) => i.name === item)?.unitPrice;
}

/** Spaces, full-width characters and case do not tell items apart; `4.5키로` is `4.5kg`. */
const squash = (text: string): string =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, "")
    .replace(/(킬로그램|킬로|키로)$/, "kg");
const UNIT = /\d+(?:\.\d+)?(?:kg|g)$/;
const withoutUnit = (squashed: string): string => squashed.replace(UNIT, "");

/**
 * The item of 설정 that Tony meant: `황도4.5kg`, `황도 4.5 kg`, `ＨＷＡＮＧ…` and, when only one
 * item of that name exists, plain `황도`. Anything else is a problem naming the closest items.
 */
export function matchItem(settings: Settings, typed: unknown): Result<{ name: string; unitPrice: number }> {
  const text = String(typed ?? "").trim();
  if (text === "") return fail("품목이 비어 있습니다");
  const wanted = squash(text);
  const exact = settings.items.filter((i) => squash(i.name) === wanted);
  if (exact.length === 1) return ok(exact[0]!);
  if (!UNIT.test(wanted)) {
    const sameName = settings.items.filter((i) => withoutUnit(squash(i.name)) === wanted);
    if (sameName.length === 1) return ok(sameName[0]!);
    if (sameName.length > 1) {
      return fail(
        `'${text}' 품목이 설정에 여럿입니다: ${sameName.map((i) => i.name).join(", ")}. 그중 하나로 적어 주세요`,
      );
    }
  }
  const closest = settings.items
    .map((i) => ({ name: i.name, d: editDistance(squash(i.name), wanted) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((i) => i.name);
  return fail(`설정에 없는 품목입니다: "${text}". 비슷한 품목: ${closest.join(", ")}`);
}

const seasonWords = (settings: Settings): string =>
  `시즌(${shortDate(settings.seasonStart)}–${shortDate(settings.seasonEnd)})`;

/**
 * Why a paid shipment waits without a ship date, in the words every surface uses (messages, the
 * status page): its items' harvest is over, or their capacity is taken (before it starts, too:
 * a waiting shipment found no room on any of its days), or 설정 is being fixed. `items`: the
 * shipment's; without them, the season's reason.
 */
export function waitingReason(settings: Settings, today: SeoulDate, items: readonly string[] = []): string {
  for (const item of items) {
    const rule = settings.harvest.itemRules.find((r) => r.item === item);
    // A customer never reads about 설정: the line is Tony's to fix, the date is coming.
    if (rule?.heldBy) return "출하일을 정하는 중입니다. 정해지면 알려 드립니다";
  }
  for (const item of items) {
    const window = settings.harvest.itemRules.find((r) => r.item === item)?.window;
    if (!window) continue;
    const words = `${item} 수확 기간(${windowText(window)})`;
    if (today > window.end) return `${withParticle(words, "이/가")} 끝나 출하일이 없습니다`;
    return `${words} 출하량이 다 차서 대기 중입니다. 자리가 나면 입금 순서대로 출하일을 드립니다`;
  }
  if (today > settings.seasonEnd)
    return `${withParticle(seasonWords(settings), "이/가")} 끝나 출하일이 없습니다`;
  return "이번 시즌 출하량이 다 차서 대기 중입니다";
}

/** Why nothing ships on a date outside the season or on a courier's day off (오늘 출하), or null. */
export function outOfSeason(settings: Settings, date: SeoulDate): string | null {
  if (date < settings.seasonStart) return `${seasonWords(settings)} 전이라 출하일이 아직 없습니다`;
  if (date > settings.seasonEnd) return `${withParticle(seasonWords(settings), "이/가")} 끝났습니다`;
  if (settings.courierDaysOff.includes(date)) return "택배 쉬는 날이라 출하하지 않습니다";
  if (settings.noShipBeforeDayOff && settings.courierDaysOff.includes(addDays(date, 1)))
    return "내일이 택배 쉬는 날이라 출하하지 않습니다";
  return null;
}

/** `7월 13일`, without the weekday. */
const shortDate = (date: SeoulDate): string => koreanDate(date).replace(/ \(.\)$/, "");

/** The settings only Tony can fill, and what each is needed for. */
export type OwnSetting = "paymentInstructions" | "sellerPhone" | "senderAddress";

/**
 * `설정의 '입금 안내'를 먼저 적어 주세요` for the settings among `keys` still empty, and
 * `'입금 안내'는 예시 값 그대로입니다` for those still holding the template's example, or null
 * when all are filled.
 */
export function fillFirst(settings: Settings, keys: readonly OwnSetting[]): string | null {
  const unset = keys.filter((k) => settings[k] === "");
  if (unset.length === 0) return null;
  const names = (list: OwnSetting[]) => list.map((k) => `'${defOf(k).label}'`).join(", ");
  const examples = unset.filter((k) => settings.examplesLeft?.includes(k));
  const missing = unset.filter((k) => !examples.includes(k));
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`${withParticle(names(missing), "을/를")} 먼저 적어 주세요`);
  if (examples.length > 0)
    parts.push(`${withParticle(names(examples), "은/는")} 예시 값 그대로입니다. 실제 값으로 고쳐 주세요`);
  return `설정의 ${parts.join(". ")}`;
}

/** What to fill in 설정 before the season, one Korean line each (`init` and the sheet's setup print it). */
export function settingsChecklist(settings: Settings): string[] {
  const own: OwnSetting[] = ["paymentInstructions", "sellerPhone", "senderAddress"];
  const lines = own.map((key) => {
    const def = defOf(key);
    return settings[key]
      ? `[v] ${def.label}: ${settings[key]}`
      : settings.examplesLeft?.includes(key)
        ? `[ ] ${def.label}: 예시 값 그대로입니다. ${def.description}`
        : `[ ] ${def.label}: 비어 있습니다. ${def.description}${def.example ? ` (예: ${def.example})` : ""}`;
  });
  const label = (key: string) => defOf(key).label;
  lines.push(
    `[?] ${label("seasonStart")}·${label("seasonEnd")}: ${koreanDate(settings.seasonStart)}–${koreanDate(settings.seasonEnd)}. 올해 수확 시기에 맞는지 확인하세요`,
    `[?] ${label("defaultCapacity")}: ${settings.defaultCapacity}상자. 하루에 보낼 수 있는 만큼으로 고치세요`,
    `[?] 품목과 가격: ${settings.items.map((i) => `${i.name} ${formatWon(i.unitPrice)}`).join(", ")}`,
    `[?] ${label("statusPageUrl")}: ${settings.statusPageUrl || "웹 앱을 배포한 뒤 적습니다 (README의 '구글 시트에 올리기')"}`,
  );
  return lines;
}
