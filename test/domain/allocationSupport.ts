/** Shared by the allocation tests: the shipments after the app wrote an allocation back. */
import type { Allocation, AllocationShipment } from "../../src/domain/allocation";

export function applied(shipments: readonly AllocationShipment[], result: Allocation): AllocationShipment[] {
  return shipments.map((s) => {
    const p = result.placements.get(s.id);
    if (!p) return { ...s, boxesGrew: false };
    if (p.kind === "scheduled") return { ...s, status: "scheduled", shipDate: p.date, boxesGrew: false };
    return {
      ...s,
      status: p.kind === "waitlisted" ? "waitlisted" : s.status,
      shipDate: null,
      boxesGrew: false,
    };
  });
}

/**
 * Strict order over one queue (one lane): in payment order, each scheduled shipment's day is no
 * earlier than the one before it, and none is scheduled once an earlier one waits.
 */
export function expectServedInOrder(queue: readonly AllocationShipment[], result: Allocation): void {
  const sorted = [...queue].sort((a, b) => a.paidAt! - b.paidAt! || (a.id < b.id ? -1 : 1));
  let latest = "";
  let blocked = false;
  for (const s of sorted) {
    const p = result.placements.get(s.id)!;
    if (p.kind === "scheduled") {
      expect(blocked).toBe(false);
      expect(p.date >= latest).toBe(true);
      latest = p.date;
    } else {
      blocked = true;
    }
  }
}
