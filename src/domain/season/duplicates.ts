/**
 * Duplicates are asked, not merged (issue 23). Two rows of one order that read the same (the
 * same place, item, boxes and memo: a line pasted or imported twice), or a line imported again
 * with other boxes (a corrected line: same place and item, another import), are the same order
 * twice as far as anyone can tell. Both are kept and shown as 확인 필요 naming the other row; the
 * later ones are held out of the shipment (no amount, no date, no bill) so the two are never
 * summed into one bigger parcel, and the order's payment request and bank matching wait (a row
 * without an amount keeps the order's total unknown). Tony clears it by deleting one, or, when
 * both are meant, by writing a different 메모 on one.
 */
import type { Grid } from "./grid";
import type { RowState } from "./state";

/** The field a duplicate's problem is filed under in 오류 (its 항목). */
export const DUPLICATE_FIELD = "중복 주문";

const words = (value: string): string => value.normalize("NFC").replace(/\s+/g, " ").trim();
const compact = (value: string): string => value.normalize("NFC").replace(/[\s,.\-()]/g, "");

/** Where a row goes and what: equal for two rows of one order to one place with one item. */
const placeAndItem = (grid: Grid, s: RowState): string =>
  JSON.stringify([
    s.orderCode,
    words(grid.text(s.r, "recipientName")),
    grid.text(s.r, "recipientPhone").replace(/\D/g, ""),
    compact(grid.text(s.r, "address")),
    words(grid.text(s.r, "item")),
  ]);

export function holdDuplicates(grid: Grid, rows: readonly RowState[]): void {
  const groups = new Map<string, RowState[]>();
  for (const s of rows) {
    if (!s.fields || s.status === "cancelled" || !s.orderCode) continue;
    const key = placeAndItem(grid, s);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const memo = (s: RowState) => words(grid.text(s.r, "memo"));
    const importKey = (s: RowState) => grid.text(s.r, "importKey");
    // Same boxes and memo: the same line twice. Other boxes: a correction only when a line was
    // imported beside it (another import's key); a row Tony split by hand copies its key, or
    // has none like the row it was typed beside.
    const twins = (a: RowState, b: RowState) =>
      memo(a) === memo(b) && (a.boxes === b.boxes || importKey(a) !== importKey(b));
    const flagged = group.filter((s) => group.some((o) => o !== s && twins(s, o)));
    if (flagged.length < 2) continue;
    flagged.forEach((s, i) => {
      const others = flagged.filter((o) => o !== s).map((o) => `${grid.sheetRow(o.r)}행`);
      s.problems.push({
        field: DUPLICATE_FIELD,
        message: `같은 주문이 두 번 있는 것 같습니다 (${others.join(", ")}): 하나를 지우거나, 둘 다 맞으면 메모를 다르게 적어 주세요`,
        raw: `${grid.text(s.r, "recipientName")} ${grid.text(s.r, "item")} ${s.boxes}`,
        kind: "duplicate",
      });
      if (i === 0) return;
      // Held: no amount, not part of the shipment, holds no day.
      s.fields = null;
      s.amounts = null;
      for (const key of ["goods", "shippingFee", "total"]) grid.set(s.r, key, "");
    });
  }
}
