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
