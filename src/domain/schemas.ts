/**
 * The shapes of the domain, checked with zod (the `zod/mini` build: the whole bundle loads on
 * every Apps Script run). Messages are Korean because they reach Tony.
 */
import * as z from "zod/mini";
import type { HarvestSettings } from "./harvest";
import { withParticle } from "./korean";

export const seoulDate = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "날짜는 YYYY-MM-DD 형식이어야 합니다"));
export const won = (what: string) =>
  z
    .int({ error: `${withParticle(what, "은/는")} 원 단위 정수여야 합니다` })
    .check(z.minimum(0, `${withParticle(what, "은/는")} 0 이상이어야 합니다`));

export const POLICIES = ["strict", "fill"] as const;
export type Policy = (typeof POLICIES)[number];

export const SMS_SENDING = ["off", "solapi", "paused"] as const;
export type SmsSending = (typeof SMS_SENDING)[number];

export const SettingsSchema = z
  .object({
    sellerName: z.string().check(z.minLength(1, "판매자 이름이 비어 있습니다")),
    /** "" until Tony fills it: whatever needs it says so (`fillFirst`). */
    paymentInstructions: z.string(),
    sellerPhone: z.string(),
    senderAddress: z.string(),
    items: z
      .array(z.object({ name: z.string().check(z.minLength(1)), unitPrice: won("상자당 가격") }))
      .check(z.minLength(1, "품목이 하나도 없습니다")),
    shippingFeePerParcel: won("배송비"),
    boxesPerParcel: z.int().check(z.minimum(1, "묶음당 상자수는 1 이상이어야 합니다")),
    feeRounding: z.enum(["ceil", "floor"]),
    defaultCapacity: z.int().check(z.minimum(0, "하루 기본 출하량은 0 이상이어야 합니다")),
    shippingWeekdays: z
      .array(z.int().check(z.minimum(0), z.maximum(6)))
      .check(z.minLength(1, "출하 요일이 하나도 없습니다")),
    leadDays: z.int().check(z.minimum(0, "준비 기간은 0 이상이어야 합니다"), z.maximum(60)),
    policy: z.enum(POLICIES),
    seasonStart: seoulDate,
    seasonEnd: seoulDate,
    /** Days couriers do not deliver (설정 택배 쉬는 날): nothing ships on them. */
    courierDaysOff: z.array(seoulDate),
    /** Nor the day before one (a parcel of peaches must not sit a day in a depot). */
    noShipBeforeDayOff: z.boolean({ error: "예 또는 아니오로 적어 주세요" }),
    /** Per item: harvest windows, daily limits, first order days (harvest.ts); never fails the parse. */
    harvest: z.custom<HarvestSettings>(),
    /** A shipment delayed more than this many days offers the customer 기다릴게요 / 취소할게요. */
    delayNoticeDays: z.int().check(z.minimum(0, "지연 안내 기준은 0 이상이어야 합니다"), z.maximum(60)),
    statusPageUrl: z.string(),
    /** The order page (issue 13): off unless Tony says 예. */
    onlineOrders: z.boolean({ error: "예 또는 아니오로 적어 주세요" }),
    webMaxRecipients: z
      .int()
      .check(z.minimum(1, "웹 주문 받는 분 최대는 1 이상이어야 합니다"), z.maximum(50)),
    webMaxBoxes: z
      .int()
      .check(z.minimum(1, "웹 주문 받는 분당 최대 상자는 1 이상이어야 합니다"), z.maximum(999)),
    webUnpaidPerPhone: z.int().check(z.minimum(1, "웹 주문 미입금 한도는 1 이상이어야 합니다")),
    webOrdersPer10Min: z.int().check(z.minimum(1, "웹 주문 10분당 최대는 1 이상이어야 합니다")),
    webExpiryDays: z.int().check(z.minimum(0, "웹 주문 입금 기한은 0 이상이어야 합니다")),
    /** A sold-out item still takes orders on the order page, as waiting orders. */
    acceptWaiting: z.boolean({ error: "예 또는 아니오로 적어 주세요" }),
    /** Messages sent by SMS (issue 24): off unless Tony says 솔라피; 멈춤 pauses it. */
    smsSending: z.enum(SMS_SENDING, { error: "아니오, 솔라피 또는 멈춤으로 적어 주세요" }),
    /** The sender number registered with the provider; "" until Tony fills it. */
    smsFrom: z.string(),
    smsDailyMax: z.int().check(z.minimum(0, "문자 하루 최대는 0 이상이어야 합니다"), z.maximum(10_000)),
    /** The shipping notice also to each recipient whose mobile is not the orderer's. */
    smsToRecipients: z.boolean({ error: "예 또는 아니오로 적어 주세요" }),
    /**
     * Which of the three above (then "") still hold the template's example rather than Tony's
     * value (domain/settings.ts unfilled): their notice says "예시 값 그대로입니다".
     */
    examplesLeft: z.optional(z.array(z.enum(["paymentInstructions", "sellerPhone", "senderAddress"]))),
  })
  .check(
    z.refine((s) => s.seasonStart <= s.seasonEnd, {
      message: "시즌 종료일이 시작일보다 앞섭니다",
      path: ["seasonEnd"],
    }),
  );
export type Settings = z.infer<typeof SettingsSchema>;

export const PAYMENTS = ["unpaid", "paid"] as const;
export type Payment = (typeof PAYMENTS)[number];

export const STATUSES = [
  "received",
  "paid",
  "scheduled",
  "waitlisted",
  "harvested",
  "packed",
  "shipped",
  "delivered",
  "cancelled",
] as const;
export type Status = (typeof STATUSES)[number];

export const ACTORS = ["tony", "tutu", "script", "customer", "sms"] as const;
export type Actor = (typeof ACTORS)[number];

/** The first issue of a failed parse, as one Korean line naming the field. */
export function firstIssue(error: z.core.$ZodError, labelOf: (path: string) => string): string {
  const issue = error.issues[0];
  if (!issue) return "알 수 없는 오류";
  const path = issue.path.map(String).join(".");
  return path ? `${labelOf(path)}: ${issue.message}` : issue.message;
}
