/**
 * Tutu's ticks and tracking numbers on 오늘 출하, carried to 주문 by row id. Only what differs
 * from what the script last showed in the line (its hidden 기록 cell) is Tutu's: a stale tick
 * never undoes a correction Tony made in 주문 meanwhile. A line is a shipment: a tick or a number
 * on it applies to every row it holds.
 */
import { EVENT } from "../events";
import type { Status } from "../schemas";
import { formatWaybills, parseWaybills } from "../shipments";
import { statusLabel, transition } from "../status";
import type { TickTimeOf } from "../tickNotes";
import { tab } from "../../templates";
import type { Grid } from "./grid";
import type { DecisionLog } from "./log";
import type { RowState } from "./state";
import { TICK_RANK } from "./today";

/** What the script last showed in a line; a line without it counts as unticked. */
function parseShown(text: string): { s: Status; c: string; t: string } {
  try {
    const parsed = JSON.parse(text) as { s: Status; c: string; t: string };
    if (parsed && typeof parsed.s === "string") return parsed;
  } catch {
    // an old or damaged cell: treat as nothing shown
  }
  return { s: "scheduled", c: "", t: "" };
}

const tickedOn = (today: Grid, r: number): Status | null =>
  today.get(r, "shipped") === true
    ? "shipped"
    : today.get(r, "packed") === true
      ? "packed"
      : today.get(r, "harvested") === true
        ? "harvested"
        : null;

/** The column of a key in the tab as the script writes it (the template's order), 1-based. */
const templateColumn = (key: string) => tab("today").columns.findIndex((c) => c.key === key) + 1;

/**
 * What a line of the tab holds that the script has not shown (its 기록 cell says what it
 * showed): the box ticked if it moved, a courier or tracking number typed. One reading for the
 * pass that carries them and for the question whether their times are worth asking for.
 */
function lineEdits(today: Grid, r: number) {
  const shown = parseShown(today.text(r, "recorded"));
  const ticked = tickedOn(today, r);
  const wanted = ticked ? TICK_RANK[ticked]! : 0;
  const courier = today.text(r, "courier");
  const typed = today.text(r, "trackingNumber");
  return {
    ticked,
    wanted,
    tickMoved: wanted !== Math.min(TICK_RANK[shown.s] ?? 0, TICK_RANK.shipped!),
    courier: courier !== shown.c && courier !== "" ? courier : null,
    typed: typed !== shown.t && typed !== "" ? typed : null,
  };
}

/**
 * Whether any line holds an edit of Tutu's the script has not shown (a tick, a courier, a
 * number): only then are the times she made them worth asking for.
 */
export function ticksWaiting(today: Grid): boolean {
  for (let r = 0; r < today.rowCount; r++) {
    if (!today.text(r, "rowId")) continue;
    const line = lineEdits(today, r);
    if (line.tickMoved || line.courier !== null || line.typed !== null) return true;
  }
  return false;
}

export function applyTodayTicks(
  today: Grid,
  orders: Grid,
  groups: readonly RowState[][],
  log: DecisionLog,
  now: Date,
  timeOf: TickTimeOf | null,
): void {
  const tabName = tab("today").name;
  const byLead = new Map(groups.map((group) => [group[0]!.rowId, group]));
  for (let r = 0; r < today.rowCount; r++) {
    const group = byLead.get(today.text(r, "rowId"));
    if (!group) continue;
    const s = group[0]!;
    // When Tutu edited the cell (noted by the edit trigger, which knows the tab's columns in the
    // template's order, as the script writes them), else now: the pass carries it later.
    const when = (key: string) => timeOf?.(today.sheetRow(r), templateColumn(key), s.rowId) ?? undefined;
    const { ticked, wanted, tickMoved, courier, typed } = lineEdits(today, r);
    if (tickMoved) {
      let refused: Status | null = null;
      for (const m of group) {
        const current = TICK_RANK[m.status] ?? 0;
        if (ticked && wanted > current && m.status !== "cancelled") {
          const move = transition(m.status, ticked, "tutu");
          if (!move.allowed) continue;
          // A box she ticked has its own time, one implied by a later box that one's; never
          // later than the step after it, so the steps stay in order (포장 ticked before 수확).
          const steps = [...move.implied, ticked];
          const stepTimes = steps.map((step) => (today.get(r, step) === true ? when(step) : undefined));
          for (let i = steps.length - 2; i >= 0; i--) {
            const next = stepTimes[i + 1];
            if (!stepTimes[i] || (next && stepTimes[i]! > next)) stepTimes[i] = next;
          }
          for (const [i, step] of steps.entries()) {
            const at = stepTimes[i];
            log.log({
              ...(at ? { at } : {}),
              actor: "tutu",
              orderCode: m.orderCode,
              rowId: m.rowId,
              event: EVENT.status,
              from: statusLabel(m.status),
              to: statusLabel(step),
              detail: step === ticked ? "" : "함께 처리됨",
            });
            m.status = step;
          }
        } else if (wanted < current && current < TICK_RANK.delivered!) {
          refused = m.status;
        }
      }
      if (refused) {
        // The box she unticked (or ticked below the state): the latest of her three.
        const at = (["harvested", "packed", "shipped"] as const)
          .map(when)
          .reduce<Date | undefined>((a, b) => (b && (!a || b > a) ? b : a), undefined);
        log.incident(
          {
            tab: tabName,
            orderCode: s.orderCode,
            rowId: s.rowId,
            field: "진행상태",
            message: `${statusLabel(refused)}에서 되돌리는 것은 토니가 주문 탭의 진행상태에서 합니다`,
            raw: ticked ? statusLabel(ticked) : "",
          },
          at ?? now,
        );
      }
    }
    // A courier or tracking number she typed goes to every row of the line that lacks it.
    const carry = (key: "courier" | "trackingNumber", value: string, detail: string) => {
      for (const m of group) {
        const was = orders.text(m.r, key);
        if (value === was) continue;
        const at = when(key);
        log.log({
          ...(at ? { at } : {}),
          actor: "tutu",
          orderCode: m.orderCode,
          rowId: m.rowId,
          event: EVENT.tracking,
          from: was,
          to: value,
          detail,
        });
        orders.set(m.r, key, value);
      }
    };
    if (courier !== null) carry("courier", courier, "택배사");
    if (typed === null || typed === orders.text(s.r, "trackingNumber")) continue;
    const tracking = parseWaybills(today.get(r, "trackingNumber"));
    if (!tracking.ok) {
      log.incident(
        {
          tab: tabName,
          orderCode: s.orderCode,
          rowId: s.rowId,
          field: "송장번호",
          message: `송장번호: ${tracking.error}`,
          raw: typed,
        },
        when("trackingNumber") ?? now,
      );
      continue;
    }
    carry("trackingNumber", formatWaybills(tracking.value), "송장번호");
  }
}
