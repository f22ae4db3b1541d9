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

/** Settings from the rows of 설정; a missing row takes its default from the template. */
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
  const value = (key: string): unknown => {
    const def = SETTING_DEFS.find((d) => d.key === key)!;
    const v = byLabel.get(def.label);
    return v === undefined || v === "" ? def.value : v;
  };
  if (items.length === 0) {
    for (const def of SETTING_DEFS.filter((d) => d.label.startsWith(ITEM_PREFIX))) {
      items.push({ name: def.label.slice(ITEM_PREFIX.length).trim(), unitPrice: def.value });
    }
  }
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
  };
  const parsed = SettingsSchema.safeParse(candidate);
  if (!parsed.success) {
    return fail(
      `설정 ${firstIssue(parsed.error, (path) => (path.startsWith("items") ? "품목 가격" : labelOfKey(path.split(".")[0]!)))}`,
    );
  }
  return ok(parsed.data);
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
