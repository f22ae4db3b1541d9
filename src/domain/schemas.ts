/**
 * The shapes of the domain, checked with zod (the `zod/mini` build: the whole bundle loads on
 * every Apps Script run). Messages are Korean because they reach Tony.
 */
import * as z from "zod/mini";
import { withParticle } from "./korean";

const seoulDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "날짜는 YYYY-MM-DD 형식이어야 합니다"));
const won = (what: string) =>
  z
    .int({ error: `${withParticle(what, "은/는")} 원 단위 정수여야 합니다` })
    .check(z.minimum(0, `${withParticle(what, "은/는")} 0 이상이어야 합니다`));

export const POLICIES = ["strict", "fill"] as const;
export type Policy = (typeof POLICIES)[number];

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

const person = z.object({ name: z.string().check(z.minLength(1)), phone: z.string().check(z.minLength(1)) });

/** One row of 주문: one recipient's shipment, after its cells were normalised. */
export const ShipmentSchema = z.object({
  rowId: z.string().check(z.minLength(1)),
  orderCode: z.string().check(z.minLength(1)),
  orderedAt: z.nullable(z.date()),
  orderer: person,
  recipient: z.object({
    name: z.string().check(z.minLength(1)),
    phone: z.string().check(z.minLength(1)),
    postalCode: z.string(),
    address: z.string().check(z.minLength(1)),
  }),
  item: z.string().check(z.minLength(1)),
  boxes: z.int().check(z.minimum(1), z.maximum(999)),
  goods: won("상품금액"),
  shippingFee: won("배송비"),
  total: won("합계"),
  payment: z.enum(PAYMENTS),
  paidAt: z.nullable(z.date()),
  shipDate: z.nullable(seoulDate),
  status: z.enum(STATUSES),
  courier: z.string(),
  trackingNumber: z.string(),
  memo: z.string(),
  token: z.string(),
});
export type Shipment = z.infer<typeof ShipmentSchema>;

export const OrderSchema = z.object({
  code: z.string().check(z.minLength(1)),
  orderer: person,
  shipments: z.array(ShipmentSchema).check(z.minLength(1)),
  goods: won("상품금액"),
  shippingFee: won("배송비"),
  total: won("합계"),
  payment: z.enum(PAYMENTS),
});
export type Order = z.infer<typeof OrderSchema>;

/** One day of the capacity calendar (출하 일정). */
export const CapacityDaySchema = z.object({
  date: seoulDate,
  capacity: z.int().check(z.minimum(0, "출하량은 0 이상이어야 합니다")),
  closed: z.boolean(),
  assigned: z.int().check(z.minimum(0)),
});
export type CapacityDay = z.infer<typeof CapacityDaySchema>;

export const ACTORS = ["tony", "tutu", "script", "customer"] as const;
export type Actor = (typeof ACTORS)[number];

/** One line of 이력 (append-only). */
export const EventSchema = z.object({
  at: z.date(),
  actor: z.enum(ACTORS),
  orderCode: z.string(),
  rowId: z.string(),
  event: z.string().check(z.minLength(1)),
  from: z.string(),
  to: z.string(),
  detail: z.string(),
});
export type DomainEvent = z.infer<typeof EventSchema>;

/** One line of 오류: something that could not be processed, with the raw value kept. */
export const ProblemSchema = z.object({
  key: z.string().check(z.minLength(1)),
  tab: z.string(),
  orderCode: z.string(),
  rowId: z.string(),
  row: z.nullable(z.int().check(z.minimum(1))),
  field: z.string(),
  message: z.string().check(z.minLength(1)),
  raw: z.string(),
});
export type Problem = z.infer<typeof ProblemSchema>;

/** The first issue of a failed parse, as one Korean line naming the field. */
export function firstIssue(error: z.core.$ZodError, labelOf: (path: string) => string): string {
  const issue = error.issues[0];
  if (!issue) return "알 수 없는 오류";
  const path = issue.path.map(String).join(".");
  return path ? `${labelOf(path)}: ${issue.message}` : issue.message;
}
