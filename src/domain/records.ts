/**
 * The records the sheet's tabs hold, as zod shapes: a row of 주문, an order, a day of 출하 일정,
 * a line of 이력 and of 오류. Nothing in the Apps Script bundle parses with them (the tabs are
 * read cell by cell: Table, sync); they state the records' shapes and the tests hold them to it.
 * Kept apart from schemas.ts so the bundle, which loads on every run, does not carry them.
 */
import * as z from "zod/mini";
import { ACTORS, PAYMENTS, STATUSES, seoulDate, won } from "./schemas";

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
