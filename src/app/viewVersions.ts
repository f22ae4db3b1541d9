/**
 * The version of each order's view in the read model 조회: a hash of what the view is built from
 * but its history, so a reconcile learns which views changed from one column of 조회 and 주문 as
 * it read it, without building a view.
 */
import type { SeoulDate } from "../domain/clock";
import type { Settings } from "../domain/schemas";
import { fillFirst, waitingReason } from "../domain/settings";
import { statusOf } from "./orderCells";
import type { Table } from "./table";

/** Columns of 주문 no view shows: a memo or the script's bookkeeping changes no view. */
const NOT_SHOWN = new Set(["memo", "check", "recorded", "importKey", "source"]);
/** Bumped when what a stored view holds changes shape: every row is written again. */
const VIEW_FORMAT = "v1";

/**
 * The version of an order's view: a hash of everything it is built from but its history (the
 * cells of its rows, the settings it shows, today's waiting reason for a waiting shipment). Equal
 * versions and no new events mean an unchanged view, so a reconcile compares versions, not views.
 * Returns the function for one pass (the settings' part is hashed once).
 */
export function viewVersions(
  orders: Table,
  settings: Settings,
  today: SeoulDate,
): (rows: readonly number[]) => string {
  const keys = orders.def.columns.map((c) => c.key).filter((k) => !NOT_SHOWN.has(k));
  const shown = [
    settings.sellerName,
    settings.paymentInstructions,
    fillFirst(settings, ["paymentInstructions"]) ?? "",
    // Past this many days late, a card asks the customer (delayAnswer.ts).
    String(settings.delayNoticeDays),
  ];
  // Varieties change how rows split into parcels and why a shipment waits.
  shown.push(JSON.stringify(settings.harvest.itemRules));
  const base = shown.join("\u0001");
  return (rows) => {
    const parts = [base];
    for (const r of rows) {
      for (const key of keys) {
        const v = orders.get(r, key);
        parts.push(v instanceof Date ? `@${v.getTime()}` : String(v));
      }
      if (statusOf(orders, r) === "waitlisted")
        parts.push(waitingReason(settings, today, [orders.text(r, "item")]));
    }
    return `${VIEW_FORMAT}.${fnv(parts.join("\u0001"))}`;
  };
}

/**
 * Two FNV-1a-style 32-bit hashes of the text side by side, in base 36 (64 bits: two versions of
 * one order colliding is negligible).
 */
function fnv(text: string): string {
  let a = 0x811c9dc5 | 0;
  let b = 0x01000193 | 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x5bd1e995);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}
