/**
 * 이력 indexed once for the many questions a look at the messages asks of it (which lines are
 * this order's, these rows', when a message was last marked sent). 이력 holds tens of thousands
 * of lines at 20,000 orders; filtering it per order made that look quadratic (issue 22: it was
 * most of the 20,000-order season day's JavaScript).
 */
import type { LoggedEvent } from "./journal";

export interface EventIndex {
  /** The lines of some rows (by row id), in 이력's order. */
  ofRows(rowIds: Iterable<string>): readonly LoggedEvent[];
  /** The lines of one order, in 이력's order. */
  ofOrder(code: string): readonly LoggedEvent[];
  /** The latest time (epoch ms) of an order's `event` lines, only those whose 이후 is `to` when given; 0 when none. */
  lastAt(code: string, event: string, to?: string): number;
}

export function eventIndex(events: readonly LoggedEvent[]): EventIndex {
  const byRow = new Map<string, number[]>();
  const byCode = new Map<string, LoggedEvent[]>();
  const latest = new Map<string, number>();
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const key = (code: string, event: string, to?: string) =>
    to === undefined ? `${code}\u0000${event}` : `${code}\u0000${event}\u0000${to}`;
  events.forEach((e, i) => {
    if (e.rowId) push(byRow, e.rowId, i);
    if (!e.orderCode) return;
    push(byCode, e.orderCode, e);
    for (const k of [key(e.orderCode, e.event), key(e.orderCode, e.event, e.to)])
      latest.set(k, Math.max(latest.get(k) ?? 0, e.at));
  });
  return {
    ofRows: (rowIds) => {
      const at: number[] = [];
      for (const id of new Set(rowIds)) at.push(...(byRow.get(id) ?? []));
      return at.sort((a, b) => a - b).map((i) => events[i]!);
    },
    ofOrder: (code) => byCode.get(code) ?? [],
    lastAt: (code, event, to) => latest.get(key(code, event, to)) ?? 0,
  };
}
