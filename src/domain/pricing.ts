/**
 * Money is integer KRW. The fee is per shipment (what goes to one place, shipments.ts, which
 * puts it once on the shipment's first row); the courier charges per parcel and a parcel holds
 * `boxesPerParcel` boxes, so with the default rounding a lone box still costs a parcel:
 * ceil(boxes / 2) × 5,000.
 */
import type { Settings } from "./schemas";

export type PricingSettings = Pick<Settings, "shippingFeePerParcel" | "boxesPerParcel" | "feeRounding">;

export function parcelCount(
  boxes: number,
  settings: Pick<Settings, "boxesPerParcel" | "feeRounding">,
): number {
  const round = settings.feeRounding === "ceil" ? Math.ceil : Math.floor;
  return round(boxes / settings.boxesPerParcel);
}

export function shippingFee(boxes: number, settings: PricingSettings): number {
  return parcelCount(boxes, settings) * settings.shippingFeePerParcel;
}

export function goodsAmount(boxes: number, unitPrice: number): number {
  return boxes * unitPrice;
}

export interface Amounts {
  goods: number;
  shippingFee: number;
  total: number;
}

export function shipmentAmounts(boxes: number, unitPrice: number, settings: PricingSettings): Amounts {
  const goods = goodsAmount(boxes, unitPrice);
  const fee = shippingFee(boxes, settings);
  return { goods, shippingFee: fee, total: goods + fee };
}

/** The order's total is the sum over its shipments (or its rows: the fee sits on one of them). */
export function orderAmounts(shipments: readonly Amounts[]): Amounts {
  return shipments.reduce(
    (sum, s) => ({
      goods: sum.goods + s.goods,
      shippingFee: sum.shippingFee + s.shippingFee,
      total: sum.total + s.total,
    }),
    { goods: 0, shippingFee: 0, total: 0 },
  );
}

/** `35,000원` */
export function formatWon(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}원`;
}
