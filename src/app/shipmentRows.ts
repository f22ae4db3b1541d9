/**
 * Rows of 주문 grouped into shipments as every surface sees them: sync (fees, allocation), 오늘
 * 출하, the courier file and its result, the status page, messages. One reading of the cells (the
 * season decision's), so they all agree on what travels together, and on a place split by
 * harvest window.
 */
import type { VarietySettings } from "../domain/harvest";
import { shipmentsOfRows } from "../domain/season/shipments";
import type { Grid } from "../domain/season/grid";

/** Without readable settings nothing splits: a place is one shipment, as before varieties. */
const NO_VARIETIES: VarietySettings = {
  harvest: { itemRules: [], itemLimits: [], lineProblems: [] },
  seasonStart: "",
  seasonEnd: "",
};

export const shipmentsOf = (
  table: Pick<Grid, "text">,
  rows: readonly number[],
  settings: VarietySettings | null,
): number[][] => shipmentsOfRows(table, rows, settings ?? NO_VARIETIES);
