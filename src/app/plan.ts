/**
 * The season plan from 주문 rows: read each row, price it, and allocate the paid ones to days.
 * Pure: the hosts hand in the rows and print or write what comes back.
 */
import {
  allocate,
  type Calendar,
  type CalendarOverride,
  type DayUsage,
  type Placement,
} from "../domain/allocation";
import { type SeoulDate } from "../domain/clock";
import { readOrderRow, type FieldProblem, type OrderRowFields } from "../domain/rows";
import type { Settings } from "../domain/schemas";
import type { Amounts } from "../domain/pricing";

export interface PlanRow {
  rowId: string;
  orderCode: string;
  cells: Record<string, unknown>;
}

export interface PlannedShipment {
  rowId: string;
  orderCode: string;
  fields: OrderRowFields;
  amounts: Amounts;
  placement: Placement | null;
}

export interface Plan {
  shipments: PlannedShipment[];
  days: DayUsage[];
  problems: (FieldProblem & { rowId: string })[];
}

export function calendarOf(settings: Settings, overrides: readonly CalendarOverride[] = []): Calendar {
  return {
    defaultCapacity: settings.defaultCapacity,
    shippingWeekdays: settings.shippingWeekdays,
    seasonStart: settings.seasonStart,
    seasonEnd: settings.seasonEnd,
    overrides,
  };
}

const instantOf = (value: unknown): number | null => {
  if (value instanceof Date) return value.getTime();
  const ms = typeof value === "string" && value ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? null : ms;
};

export function planSeason(rows: readonly PlanRow[], settings: Settings, today: SeoulDate): Plan {
  const seasonYear = Number(settings.seasonStart.slice(0, 4));
  const shipments: PlannedShipment[] = [];
  const problems: Plan["problems"] = [];
  const paidAt = new Map<string, number | null>();
  for (const row of rows) {
    const read = readOrderRow(row.cells, settings, seasonYear);
    problems.push(...read.problems.map((p) => ({ ...p, rowId: row.rowId })));
    if (!read.fields || !read.amounts) continue;
    shipments.push({
      rowId: row.rowId,
      orderCode: row.orderCode,
      fields: read.fields,
      amounts: read.amounts,
      placement: null,
    });
    paidAt.set(row.rowId, instantOf(row.cells.paidAt));
  }
  // Payment is per order: any paid row pays the whole order, at the earliest payment time.
  const orderPaidAt = new Map<string, number>();
  for (const s of shipments) {
    const at = paidAt.get(s.rowId);
    if (s.fields.payment !== "paid") continue;
    const known = orderPaidAt.get(s.orderCode);
    orderPaidAt.set(s.orderCode, Math.min(known ?? Infinity, at ?? Infinity));
  }
  const allocation = allocate({
    calendar: calendarOf(settings),
    policy: settings.policy,
    leadDays: settings.leadDays,
    today,
    shipments: shipments.map((s) => {
      const at = orderPaidAt.get(s.orderCode);
      return {
        id: s.rowId,
        boxes: s.fields.boxes,
        paid: at !== undefined,
        paidAt: at === undefined || at === Infinity ? null : at,
        status: s.fields.status ?? (at !== undefined ? "paid" : "received"),
        shipDate: s.fields.shipDate,
      };
    }),
  });
  for (const s of shipments) s.placement = allocation.placements.get(s.rowId) ?? null;
  return { shipments, days: allocation.days, problems };
}
