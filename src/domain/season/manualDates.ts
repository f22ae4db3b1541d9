/** A date typed into 출하예정일 is taken only if domain/manualDate allows it; otherwise the old date comes back. */
import type { AllocationInput } from "../allocation";
import { checkManualDate } from "../manualDate";
import { seoulDateOf } from "../clock";
import { EVENT } from "../events";
import { typedShipDate } from "../manualDate";
import type { Actor } from "../schemas";
import { isInProgress } from "../status";
import type { Grid } from "./grid";
import type { DecisionLog } from "./log";
import type { VarietySettings } from "../harvest";
import { allocationShipment } from "./shipments";
import { setShipDate, setStatus, type RowState } from "./state";

export function applyManualDates(
  grid: Grid,
  tabName: string,
  shipments: readonly RowState[][],
  log: DecisionLog,
  base: Omit<AllocationInput, "shipments">,
  actor: Actor,
  now: Date,
  seasonYear: number,
  settings: VarietySettings,
): void {
  const groupOf = new Map(shipments.flatMap((group) => group.map((s) => [s, group] as const)));
  for (const s of shipments.flat()) {
    const cell = grid.get(s.r, "shipDate");
    const group = groupOf.get(s)!;
    const decision = typedShipDate(
      {
        cell,
        written: s.recorded?.d || null,
        recorded: !!s.recorded,
        status: s.status,
        paid: s.paid,
        shipDate: s.shipDate,
        companionInProgress: group.some((other) => other !== s && isInProgress(other.status)),
      },
      seasonYear,
      (date) =>
        checkManualDate({
          ...base,
          shipments: shipments.flatMap((g) => allocationShipment(g, settings)),
          id: group[0]!.rowId,
          date,
        }),
    );
    if (decision.kind === "none") continue;
    if (decision.kind === "refuse") {
      log.incident(
        {
          tab: tabName,
          orderCode: s.orderCode,
          rowId: s.rowId,
          field: "출하예정일",
          message: `출하예정일: ${decision.message}`,
          raw: cell instanceof Date ? seoulDateOf(cell) : String(cell),
        },
        now,
      );
      continue;
    }
    if (!decision.whole) {
      // A pasted or imported row already harvested or shipped brings the day it went out.
      setShipDate(s, decision.date, log, actor, EVENT.manualDate);
      continue;
    }
    // One shipment, one date: the rows that travel with it move too.
    for (const member of group) {
      setShipDate(member, decision.date, log, member === s ? actor : "script", EVENT.manualDate);
      member.manualDate = true;
      if (member.status !== "scheduled") setStatus(member, "scheduled", log, "script");
    }
  }
}
