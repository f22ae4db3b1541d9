/**
 * Rows of 주문 as shipments (domain/shipments.ts): readable, uncancelled rows of one order going
 * to one place travel together, with one fee on their summed boxes, one date, one claim on the
 * day's capacity. Any other row is a shipment of its own. Lead row first.
 */
import { holdsCapacity, laneOf, type AllocationShipment, type Placement } from "../allocation";
import { hasVarieties, parcelSplitter, parcelWindow, splitNotice, type VarietySettings } from "../harvest";
import type { Settings } from "../schemas";
import { groupParcels, shipmentNote, shipmentRowAmounts, shipmentStatus } from "../shipments";
import { isInProgress } from "../status";
import type { Grid } from "./grid";
import type { DecisionLog } from "./log";
import { setShipDate, setStatus, type RowClaim, type RowState } from "./state";

/** Data rows grouped by order number, then by place, then by harvest window (one reading for every surface). */
export const parcelsOfRows = (grid: Pick<Grid, "text">, rows: readonly number[], settings: VarietySettings) =>
  groupParcels(
    rows,
    (r) => grid.text(r, "orderCode") || `row:${r}`,
    (r) => ({
      name: grid.text(r, "recipientName"),
      phone: grid.text(r, "recipientPhone"),
      address: grid.text(r, "address"),
    }),
    parcelSplitter(settings, (r: number) => grid.text(r, "item")),
  );

export const shipmentsOfRows = (
  grid: Pick<Grid, "text">,
  rows: readonly number[],
  settings: VarietySettings,
): number[][] => parcelsOfRows(grid, rows, settings).map((p) => p.members);

/** The shipments of the rows a decision read; a place split by harvest window is split here too. */
export function shipmentGroups(
  grid: Grid,
  rows: readonly RowState[],
  settings: VarietySettings,
): RowState[][] {
  return shipmentsAndSplits(grid, rows, settings).shipments;
}

/**
 * The shipments, and for every row of a place that split by harvest window the note 주문's 묶음
 * column shows (the sheet rows of the place's other parcels).
 */
export function shipmentsAndSplits(
  grid: Grid,
  rows: readonly RowState[],
  settings: VarietySettings,
): { shipments: RowState[][]; splits: Map<number, string> } {
  const byR = new Map(rows.map((s) => [s.r, s]));
  const joins = (s: RowState) => s.fields !== null && s.status !== "cancelled";
  const parcels = parcelsOfRows(
    grid,
    rows.filter(joins).map((s) => s.r),
    settings,
  );
  const splits = new Map<number, string>();
  for (const p of parcels) {
    if (p.parcels < 2) continue;
    const others = parcels
      .filter((q) => q.place === p.place && q !== p)
      .map((q) => `${grid.sheetRow(q.members[0]!)}행`);
    for (const r of p.members) splits.set(r, `${splitNotice(p.parcels)} (${others.join(", ")})`);
  }
  const grouped = parcels.map((p) => p.members.map((r) => byR.get(r)!));
  const shipments = [...grouped, ...rows.filter((s) => !joins(s)).map((s) => [s])];
  return { shipments: shipments.sort((a, b) => a[0]!.r - b[0]!.r), splits };
}

/**
 * The fee once per shipment, on its lead row; the other rows say where it went. A place whose
 * rows split by harvest window pays a fee per parcel, and every row says so.
 */
export function applyShipmentAmounts(
  grid: Grid,
  shipments: readonly RowState[][],
  settings: Settings,
  splits: ReadonlyMap<number, string>,
): void {
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
      const notes = [shipmentNote(sheetRows, i, amounts[0]!.shippingFee), splits.get(s.r) ?? ""];
      grid.set(s.r, "shipment", notes.filter(Boolean).join(" · "));
    });
  }
}

/** The shipment as allocation sees it: all its rows' boxes, the furthest stage, one date. */
export function allocationShipment(
  group: readonly RowState[],
  settings: VarietySettings,
): AllocationShipment[] {
  const lead = group[0]!;
  if (!lead.fields && !lead.shipDate) return []; // an unreadable row holds nothing and waits for a fix
  const dated = group.find((s) => s.shipDate !== null);
  const status = dated ? shipmentStatus(group.filter((s) => s.shipDate).map((s) => s.status)) : lead.status;
  const named = group.filter((s) => s.fields);
  const { window, heldBy } = parcelWindow(
    settings,
    named.map((s) => s.fields!.item),
  );
  const items: Record<string, number> = {};
  for (const s of named) items[s.fields!.item] = (items[s.fields!.item] ?? 0) + s.boxes;
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
      ...(window ? { window } : {}),
      // Items are counted per day only when 설정 has per-item lines (출하 일정 then shows them).
      ...(hasVarieties(settings.harvest) ? { items } : {}),
      ...(heldBy ? { held: true } : {}),
    },
  ];
}

/** What each row holds once the pass is done, as the next pass will see it. */
export function claimsOf(
  shipments: readonly RowState[][],
  placements: ReadonlyMap<string, Placement>,
  settings: VarietySettings,
): Map<RowState, RowClaim> {
  const claims = new Map<RowState, RowClaim>();
  const counted = hasVarieties(settings.harvest);
  for (const group of shipments) {
    const [shipment] = allocationShipment(group, settings);
    const held = shipment && holdsCapacity(shipment) ? shipment : null;
    const waiting = placements.get(group[0]!.rowId)?.kind === "waitlisted";
    const lane = shipment ? laneOf(shipment) : "";
    for (const s of group) {
      const item = counted && s.fields ? s.fields.item : null;
      claims.set(s, {
        heldOn: held?.shipDate ?? null,
        boxes: s.boxes,
        ordered: !!held && !held.manual && held.paidAt !== null,
        waiting,
        ...(lane ? { lane } : {}),
        ...(item ? { item } : {}),
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
