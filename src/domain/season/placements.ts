/**
 * Allocation's answer (domain/allocation.ts) carried to the rows: its unit is the shipment (named
 * by its lead row), and every row of it follows; a shipment no day can hold is a problem saying
 * to split it; a date that moved is logged with why.
 */
import type { Allocation, Move } from "../allocation";
import { EVENT } from "../events";
import { statusLabel } from "../status";
import type { DecisionLog } from "./log";
import { alignShipDates } from "./shipments";
import { setShipDate, setStatus, type RowState } from "./state";

const MOVE_DETAIL: Record<Move["reason"], string> = {
  boxesGrew: "상자수가 늘어 그날 출하량을 넘음",
  capacityLowered: "그날 출하량이 줄어듦",
  outsideWindow: "수확 기간이 바뀌어 그날은 보낼 수 없음",
  delayed: "수확이 늦어짐",
};

export function applyPlacements(
  shipments: readonly RowState[][],
  allocation: Allocation,
  log: DecisionLog,
  /** Why a harvest was delayed, said with each move it made. */
  delayReason = "",
): void {
  const byLead = new Map(shipments.map((group) => [group[0]!.rowId, group]));
  for (const group of shipments) {
    const placement = allocation.placements.get(group[0]!.rowId);
    if (!placement) {
      alignShipDates(group, log);
      continue;
    }
    // A shipment that waited for room and now has a day: the customer was told it waits.
    const waited = placement.kind === "scheduled" && group[0]!.status === "waitlisted";
    for (const s of group) {
      if (waited && placement.kind === "scheduled")
        log.log({
          actor: "script",
          orderCode: s.orderCode,
          rowId: s.rowId,
          event: EVENT.shipDateMoved,
          from: statusLabel("waitlisted"),
          to: placement.date,
          detail: "자리가 나서 출하일이 정해짐",
        });
      if (placement.kind === "scheduled") {
        setShipDate(s, placement.date, log, "script");
        if (s.status !== "scheduled") setStatus(s, "scheduled", log, "script");
        continue;
      }
      setShipDate(s, null, log, "script");
      if (placement.kind === "waitlisted" && s.status !== "waitlisted")
        setStatus(s, "waitlisted", log, "script");
      if (placement.kind === "tooLarge") {
        const most = placement.limit
          ? `${placement.limit} 하루 최대 ${placement.maxCapacity}상자`
          : `하루 최대 출하량 ${placement.maxCapacity}상자`;
        s.problems.push({
          field: "boxes",
          message:
            group.length > 1
              ? `상자수: 한 곳으로 가는 ${group.length}줄을 합친 상자수가 ${most}보다 많습니다. 주문을 나눠 주세요`
              : `상자수: ${most}보다 많습니다. 주문을 나눠 주세요`,
          raw: String(s.boxes),
          kind: "tooLarge",
        });
      }
    }
  }
  for (const move of allocation.moves) {
    for (const s of byLead.get(move.id)!) {
      log.log({
        actor: "script",
        orderCode: s.orderCode,
        rowId: s.rowId,
        event: EVENT.shipDateMoved,
        from: move.from,
        to: move.to ?? statusLabel("waitlisted"),
        detail:
          move.reason === "delayed" && delayReason
            ? `${MOVE_DETAIL.delayed}: ${delayReason}`
            : MOVE_DETAIL[move.reason],
      });
    }
  }
}
