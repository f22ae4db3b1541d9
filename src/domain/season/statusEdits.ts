/** 진행상태 typed by Tony: forward moves and cancellations are taken, corrections logged as such. */
import type { Actor } from "../schemas";
import { statusFromLabel, statusLabel, transition } from "../status";
import type { Grid } from "./grid";
import type { DecisionLog } from "./log";
import { setShipDate, setStatus, type RowState } from "./state";

export function applyStatusEdits(
  grid: Grid,
  tabName: string,
  rows: readonly RowState[],
  log: DecisionLog,
  actor: Actor,
  now: Date,
): void {
  for (const s of rows) {
    const typed = statusFromLabel(grid.get(s.r, "status"));
    // Tony's edit is a cell other than the script last showed; Tutu's ticks carried earlier in
    // this pass moved s.status, not the cell.
    if (!typed || typed === s.status || typed === s.recorded?.s) continue;
    const move = transition(s.status, typed, actor);
    if (!s.recorded && move.allowed) {
      // A pasted or imported row keeps the status it came with, journaled like any other, so
      // every status can be rebuilt from 이력.
      for (const step of move.implied) setStatus(s, step, log, actor, "붙여 넣은 줄의 상태");
      setStatus(s, typed, log, actor, "붙여 넣은 줄의 상태");
      continue;
    }
    if (!move.allowed) {
      log.incident(
        {
          tab: tabName,
          orderCode: s.orderCode,
          rowId: s.rowId,
          field: "진행상태",
          message: move.reason,
          raw: statusLabel(typed),
        },
        now,
      );
      continue;
    }
    for (const step of move.implied) setStatus(s, step, log, actor, "함께 처리됨");
    setStatus(s, typed, log, actor, move.kind === "correction" ? "정정" : "");
    if (typed === "cancelled") setShipDate(s, null, log, actor);
  }
}
