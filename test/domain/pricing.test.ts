import fc from "fast-check";
import { formatWon, orderAmounts, parcelCount, shipmentAmounts, shippingFee } from "../../src/domain/pricing";
import { defaultSettings } from "../../src/domain/settings";

const settings = defaultSettings("2026-05-01");

describe("shipping fee per recipient address", () => {
  it.each([
    [1, 5000],
    [2, 5000],
    [3, 10000],
    [4, 10000],
    [5, 15000],
  ])("%i boxes → %i원 (a lone box still costs a parcel)", (boxes, fee) => {
    expect(shippingFee(boxes, settings)).toBe(fee);
  });

  it("keeps the seed's floor rounding as a setting", () => {
    const floor = { ...settings, feeRounding: "floor" as const };
    expect(shippingFee(1, floor)).toBe(0);
    expect(shippingFee(3, floor)).toBe(5000);
  });

  it("reads both numbers from settings", () => {
    expect(shippingFee(3, { shippingFeePerParcel: 4000, boxesPerParcel: 3, feeRounding: "ceil" })).toBe(4000);
    expect(parcelCount(7, { boxesPerParcel: 3, feeRounding: "ceil" })).toBe(3);
  });

  it("is always integer won and never decreases with more boxes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 998 }), (boxes) => {
        const fee = shippingFee(boxes, settings);
        expect(Number.isInteger(fee)).toBe(true);
        expect(shippingFee(boxes + 1, settings)).toBeGreaterThanOrEqual(fee);
      }),
      { numRuns: 200 },
    );
  });
});

describe("order amounts", () => {
  it("goods = boxes × unit price; total sums the recipients", () => {
    const a = shipmentAmounts(3, 35000, settings);
    const b = shipmentAmounts(1, 38000, settings);
    expect(a).toEqual({ goods: 105000, shippingFee: 10000, total: 115000 });
    expect(orderAmounts([a, b])).toEqual({ goods: 143000, shippingFee: 15000, total: 158000 });
  });

  it("formats won with thousands separators", () => {
    expect(formatWon(158000)).toBe("158,000원");
    expect(formatWon(0)).toBe("0원");
    expect(formatWon(1234567)).toBe("1,234,567원");
  });
});
