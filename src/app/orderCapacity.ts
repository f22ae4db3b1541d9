/**
 * What the order page's shop can still take, read without names: 설정 and the calendar from one
 * read of the small tabs, the queue of capacity (boxes, payment times and dates as the last pass
 * recorded them, cached a minute so typing does not read 주문 at every keystroke), and whether
 * each item is on sale today (품절, 수확 기간, 주문 시작일).
 */
import {
  awaitsDay,
  holdsCapacity,
  type AllocationInput,
  type AllocationShipment,
} from "../domain/allocation";
import { seoulDateOf, type SeoulDate } from "../domain/clock";
import type { Settings } from "../domain/schemas";
import { calendarOf } from "../domain/season/decide";
import type { Recorded } from "../domain/season/state";
import {
  estimateShipDates,
  itemAvailability,
  quoteOrder as priceOrder,
  type FieldError,
  type ItemAvailability,
  type WebOrder,
} from "../domain/webOrder";
import { tab } from "../templates";
import type { Host } from "./port";
import { calendarOverrides, loadSmallTabs } from "./smallTabs";
import { Table } from "./table";

const QUEUE_TTL_MS = 60 * 1000;
const QUEUE_KEY = "peach:web:queue:v1";

/** 설정 and the calendar, from one read of the small tabs (one cache call on the web app's path). */
export function shopOf(host: Host): { settings: Settings; base: Omit<AllocationInput, "shipments"> } | null {
  const small = loadSmallTabs(host, false);
  if (!small.settings.ok) return null;
  const settings = small.settings.value;
  return { settings, base: allocationBaseOf(host, settings, small.schedule) };
}

export function settingsOf(host: Host): Settings | null {
  return shopOf(host)?.settings ?? null;
}

function allocationBaseOf(
  host: Host,
  settings: Settings,
  schedule: Table | null,
): Omit<AllocationInput, "shipments"> {
  return {
    calendar: calendarOf(settings, calendarOverrides(schedule, Number(settings.seasonStart.slice(0, 4)))),
    policy: settings.policy,
    leadDays: settings.leadDays,
    today: seoulDateOf(host.now()),
  };
}

/**
 * The shipments that hold or wait for capacity from today on, as the last sync pass recorded
 * them: boxes, payment time, date and status only. Kept in the cache for a minute, so typing on
 * the page does not read 주문 at every keystroke.
 */
export function capacityQueue(host: Host): AllocationShipment[] {
  const now = host.now().getTime();
  const cached = host.cache.get(QUEUE_KEY);
  if (cached) {
    const parsed = JSON.parse(cached) as { at: number; q: AllocationShipment[] };
    if (now - parsed.at >= 0 && now - parsed.at < QUEUE_TTL_MS) return parsed.q;
  }
  const sheet = host.workbook.sheet(tab("orders").name);
  const queue = sheet ? queueOf(Table.read(tab("orders"), sheet), seoulDateOf(host.now())) : [];
  host.cache.put(QUEUE_KEY, JSON.stringify({ at: now, q: queue }));
  return queue;
}

/** The shipments of 주문 that hold or wait for capacity from `today` on, from each row's 기록. */
export function queueOf(orders: Table, today: SeoulDate): AllocationShipment[] {
  const queue: AllocationShipment[] = [];
  {
    for (let r = 0; r < orders.rowCount; r++) {
      let recorded: Recorded;
      try {
        recorded = JSON.parse(orders.text(r, "recorded") || "null") as Recorded;
      } catch {
        continue;
      }
      if (!recorded || typeof recorded.b !== "number") continue;
      const paidAt = orders.get(r, "paidAt");
      const s: AllocationShipment = {
        id: String(r),
        boxes: recorded.b,
        paid: recorded.p === 1,
        paidAt: paidAt instanceof Date ? paidAt.getTime() : null,
        status: recorded.s,
        shipDate: recorded.d || null,
        rank: r,
        manual: recorded.m === 1,
        ...(recorded.i ? { items: { [recorded.i]: recorded.b } } : {}),
        ...laneFields(recorded.l),
      };
      if ((holdsCapacity(s) && s.shipDate! >= today) || awaitsDay(s)) queue.push(s);
    }
  }
  return queue;
}

/** A lane as 기록 keeps it (allocation's laneOf) back to the shipment's window or hold. */
function laneFields(lane: string | undefined): Pick<AllocationShipment, "window" | "held"> {
  if (!lane) return {};
  if (lane === "held") return { held: true };
  const [start, end] = lane.split("~");
  return start && end ? { window: { start, end } } : {};
}

/** What availability is judged against: the calendar and the queue of capacity. */
export interface Shop {
  settings: Settings;
  base: Omit<AllocationInput, "shipments">;
  queue: readonly AllocationShipment[];
}

/** Whether the page takes an item today (one box of it estimated as paid now: no day means sold out). */
export function availabilityOf(host: Host, shop: Shop, item: string): ItemAvailability {
  const { settings } = shop;
  const today = seoulDateOf(host.now());
  const probe = priceOrder(
    {
      orderer: { name: "", phone: "" },
      recipients: [{ name: "", phone: "", postalCode: "", address: "probe", item, boxes: 1 }],
      memo: "",
    },
    settings,
  ).places;
  const estimate = estimateShipDates(shop.base, shop.queue, probe, host.now());
  return itemAvailability(settings, item, today, estimate.earliestShipDate === null);
}

/** A field error for each recipient whose item the page does not take today. */
export function unavailableItems(host: Host, shop: Shop, order: WebOrder): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, ItemAvailability>();
  order.recipients.forEach((r, i) => {
    const a = seen.get(r.item) ?? availabilityOf(host, shop, r.item);
    seen.set(r.item, a);
    if (a.state === "open" || (a.state === "soldOut" && a.waiting)) return;
    errors.push({ field: `recipients[${i}].item`, message: `${r.item}: ${a.text}` });
  });
  return errors;
}
