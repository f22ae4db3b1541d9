/**
 * Settings come from the 설정 tab as label/value rows. Tony adds an item by adding a row
 * `품목: <name>` with its price per box.
 */
import { SETTING_DEFS } from "../templates";
import { fail, ok, type Result } from "./result";
import { firstIssue, SettingsSchema, type Settings } from "./schemas";
import { parseSeoulDate } from "./clock";

export const ITEM_PREFIX = "품목:";
const WEEKDAYS = "일월화수목금토";
const POLICY_WORDS: Record<string, string> = {
  입금순: "strict",
  "빈자리 채우기": "fill",
  strict: "strict",
  fill: "fill",
};
const YES_NO_WORDS: Record<string, boolean> = { 예: true, 네: true, 아니오: false, 아니요: false };
const ROUNDING_WORDS: Record<string, string> = { 올림: "ceil", 내림: "floor", ceil: "ceil", floor: "floor" };

export interface SettingRow {
  label: unknown;
  value: unknown;
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

function toDate(value: unknown): unknown {
  const parsed = parseSeoulDate(value, 2000);
  return parsed.ok ? parsed.value : String(value ?? "");
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
 * is listed by missingSettingLabels.
 */
export function parseSettings(rows: SettingRow[]): Result<Settings> {
  const byLabel = new Map<string, unknown>();
  const items: { name: string; unitPrice: unknown }[] = [];
  for (const row of rows) {
    const label = String(row.label ?? "").trim();
    if (label.startsWith(ITEM_PREFIX)) {
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
  const value = (key: string): unknown => {
    const def = SETTING_DEFS.find((d) => d.key === key)!;
    const v = byLabel.get(def.label);
    return v === undefined || v === "" ? def.value : v;
  };
  const candidate = {
    sellerName: String(value("sellerName")).trim(),
    paymentInstructions: String(value("paymentInstructions")).trim(),
    sellerPhone: String(value("sellerPhone") ?? "").trim(),
    senderAddress: String(value("senderAddress") ?? "").trim(),
    items,
    shippingFeePerParcel: toNumber(value("shippingFeePerParcel")),
    boxesPerParcel: toNumber(value("boxesPerParcel")),
    feeRounding: ROUNDING_WORDS[String(value("feeRounding")).trim()] ?? value("feeRounding"),
    defaultCapacity: toNumber(value("defaultCapacity")),
    shippingWeekdays: toWeekdays(value("shippingWeekdays")),
    leadDays: toNumber(value("leadDays")),
    policy: POLICY_WORDS[String(value("policy")).trim()] ?? value("policy"),
    seasonStart: toDate(value("seasonStart")),
    seasonEnd: toDate(value("seasonEnd")),
    statusPageUrl: String(value("statusPageUrl") ?? "").trim(),
    onlineOrders: toYesNo(value("onlineOrders")),
    webMaxRecipients: toNumber(value("webMaxRecipients")),
    webMaxBoxes: toNumber(value("webMaxBoxes")),
    webUnpaidPerPhone: toNumber(value("webUnpaidPerPhone")),
    webOrdersPer10Min: toNumber(value("webOrdersPer10Min")),
    webExpiryDays: toNumber(value("webExpiryDays")),
  };
  const parsed = SettingsSchema.safeParse(candidate);
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

/** The default settings of the template, for new workbooks and tests. */
export function defaultSettings(): Settings {
  const parsed = parseSettings(SETTING_DEFS.map((d) => ({ label: d.label, value: d.value })));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

export function unitPriceOf(settings: Settings, item: string): number | undefined {
  return settings.items.find((i) => i.name === item)?.unitPrice;
}
