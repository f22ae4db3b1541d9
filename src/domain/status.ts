/**
 * The shipment status machine of SPEC.md:
 * 접수 → 입금완료 → 출하예정 | 대기 → 수확 → 포장 → 발송 → 배송완료; 취소 from any state before 발송.
 * Skipping forward is allowed (ticking 발송 implies 수확 and 포장); going back is a correction
 * that only Tony may make, and it is logged as one.
 */
import { LISTS } from "../templates";
import { withParticle } from "./korean";
import type { Actor, Status } from "./schemas";
import { STATUSES } from "./schemas";

/** Position on the way to the customer; 출하예정 and 대기 are the same step. */
const RANK: Record<Exclude<Status, "cancelled">, number> = {
  received: 0,
  paid: 1,
  scheduled: 2,
  waitlisted: 2,
  harvested: 3,
  packed: 4,
  shipped: 5,
  delivered: 6,
};

/** The Korean word of each status, from the template's dropdown (same order as STATUSES). */
export function statusLabel(status: Status): string {
  return LISTS.status[STATUSES.indexOf(status)] as string;
}

export function statusFromLabel(label: unknown): Status | undefined {
  const index = LISTS.status.indexOf(String(label ?? "").trim());
  return index >= 0 ? STATUSES[index] : undefined;
}

export type TransitionKind = "none" | "forward" | "lateral" | "cancel" | "correction";

export type Transition =
  { allowed: true; kind: TransitionKind; implied: Status[] } | { allowed: false; reason: string };

/** Steps Tutu does by hand; ticking a later one implies the earlier ones. */
const FIELD_STEPS = ["harvested", "packed", "shipped"] as const;

export function transition(from: Status, to: Status, actor: Actor): Transition {
  if (from === to) return { allowed: true, kind: "none", implied: [] };
  if (to === "cancelled") {
    if (from === "shipped" || from === "delivered") {
      return { allowed: false, reason: "이미 발송된 주문은 취소할 수 없습니다" };
    }
    return { allowed: true, kind: "cancel", implied: [] };
  }
  const fromRank = from === "cancelled" ? -1 : RANK[from];
  const toRank = RANK[to];
  if (toRank > fromRank) {
    const implied: Status[] = FIELD_STEPS.filter(
      (s) => RANK[s] > Math.max(fromRank, RANK.scheduled) && RANK[s] < toRank,
    );
    return { allowed: true, kind: "forward", implied };
  }
  if (toRank === fromRank) return { allowed: true, kind: "lateral", implied: [] };
  if (actor !== "tony") {
    return {
      allowed: false,
      reason: `${statusLabel(from)}에서 ${withParticle(statusLabel(to), "으로/로")} 되돌리는 것은 토니만 할 수 있습니다`,
    };
  }
  return { allowed: true, kind: "correction", implied: [] };
}

/** Whether the shipment still waits for a day (it holds no capacity). */
export const isUnscheduled = (status: Status): boolean =>
  status === "received" || status === "paid" || status === "waitlisted";

/** Whether the shipment's date is fixed by work already done on it. */
export const isInProgress = (status: Status): boolean =>
  status === "harvested" || status === "packed" || status === "shipped" || status === "delivered";
