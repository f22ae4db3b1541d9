/**
 * Rows of 주문 as shipments (domain/shipments.ts): readable, uncancelled rows of one order going
 * to one place travel together, with one fee on their summed boxes, one date, one claim on the
 * day's capacity. Any other row is a shipment of its own. Lead row first.
 */
import { holdsCapacity, type AllocationShipment, type Placement } from "../allocation";
import type { Settings } from "../schemas";
import { groupShipments, shipmentNote, shipmentRowAmounts, shipmentStatus } from "../shipments";
import { isInProgress } from "../status";
import type { Grid } from "./grid";
import type { DecisionLog } from "./log";
import { setShipDate, setStatus, type RowClaim, type RowState } from "./state";

/** Data rows grouped by order number, then by place (one reading for every surface). */
export const shipmentsOfRows = (grid: Pick<Grid, "text">, rows: readonly number[]): number[][] =>
  groupShipments(
    rows,
    (r) => grid.text(r, "orderCode") || `row:${r}`,
    (r) => ({
      name: grid.text(r, "recipientName"),
      phone: grid.text(r, "recipientPhone"),
      address: grid.text(r, "address"),
    }),
  );

export function shipmentGroups(grid: Grid, rows: readonly RowState[]): RowState[][] {
  const byR = new Map(rows.map((s) => [s.r, s]));
  const joins = (s: RowState) => s.fields !== null && s.status !== "cancelled";
  const grouped = shipmentsOfRows(
    grid,
    rows.filter(joins).map((s) => s.r),
  ).map((group) => group.map((r) => byR.get(r)!));
  const groups = [...grouped, ...rows.filter((s) => !joins(s)).map((s) => [s])];
  return groups.sort((a, b) => a[0]!.r - b[0]!.r);
}

/** The fee once per shipment, on its lead row; the other rows say where it went. */
export function applyShipmentAmounts(grid: Grid, shipments: readonly RowState[][], settings: Settings): void {
  for (const group of shipments) {
    if (group.some((s) => !s.amounts)) {
      for (const s of group) grid.set(s.r, "shipment", "");
      continue;
    }
    const amounts = shipmentRowAmounts(
      group.map((s) => ({ boxes: s.boxes, goods: s.amounts!.goods })),
      settings,
    );
    const sheetRows = group.map((s) => grid.sheetRow(s.r));
    group.forEach((s, i) => {
      s.amounts = amounts[i]!;
      grid.set(s.r, "shipment", shipmentNote(sheetRows, i, amounts[0]!.shippingFee));
    });
  }
}

/** The shipment as allocation sees it: all its rows' boxes, the furthest stage, one date. */
export function allocationShipment(group: readonly RowState[]): AllocationShipment[] {
  const lead = group[0]!;
  if (!lead.fields && !lead.shipDate) return []; // an unreadable row holds nothing and waits for a fix
  const dated = group.find((s) => s.shipDate !== null);
  const status = dated ? shipmentStatus(group.filter((s) => s.shipDate).map((s) => s.status)) : lead.status;
  return [
    {
      id: lead.rowId,
      boxes: group.reduce((sum, s) => sum + s.boxes, 0),
      paid: lead.paid,
      paidAt: lead.paidAt ? lead.paidAt.getTime() : null,
      status: lead.fields || status !== "paid" ? status : "received",
      shipDate: dated?.shipDate ?? null,
      // A row that joined a shipment already given a day grows it just as more boxes would.
      boxesGrew: group.some((s) => s.boxesGrew) || (!!dated && group.some((s) => s.shipDate === null)),
      rank: lead.r,
      manual: group.some((s) => s.manualDate),
    },
  ];
}

/** What each row holds once the pass is done, as the next pass will see it. */
export function claimsOf(
  shipments: readonly RowState[][],
  placements: ReadonlyMap<string, Placement>,
): Map<RowState, RowClaim> {
  const claims = new Map<RowState, RowClaim>();
  for (const group of shipments) {
    const [shipment] = allocationShipment(group);
    const held = shipment && holdsCapacity(shipment) ? shipment : null;
    const waiting = placements.get(group[0]!.rowId)?.kind === "waitlisted";
    for (const s of group) {
      claims.set(s, {
        heldOn: held?.shipDate ?? null,
        boxes: s.boxes,
        ordered: !!held && !held.manual && held.paidAt !== null,
        waiting,
      });
    }
  }
  return claims;
}

/** A shipment allocation left where it was: a row that joined it (or strayed) takes its date. */
export function alignShipDates(group: readonly RowState[], log: DecisionLog): void {
  const date = group.find((s) => s.shipDate !== null)?.shipDate ?? null;
  if (date === null) return;
  for (const s of group) {
    if (s.shipDate === date || isInProgress(s.status) || !s.paid) continue;
    setShipDate(s, date, log, "script");
    if (s.status !== "scheduled") setStatus(s, "scheduled", log, "script");
  }
}
