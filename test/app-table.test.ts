/**
 * Table.flush: what it writes back. Every changed cell is written; a column that is not the
 * script's own (Tony's, Tutu's) is written only where it changed, so a cell someone is typing into
 * is never overwritten; adjacent columns changed at the same rows go in one rectangle.
 */
import fc from "fast-check";
import type { Cell, SheetPort } from "../src/app/port";
import { Table } from "../src/app/table";
import { tab } from "../src/templates";

const def = tab("orders");
const WIDTH = def.columns.length;

/** A sheet that records every rectangle written. */
function recordingSheet(): { sheet: SheetPort; writes: { row: number; column: number; values: Cell[][] }[] } {
  const writes: { row: number; column: number; values: Cell[][] }[] = [];
  const sheet = {
    name: def.name,
    write: (row: number, column: number, values: Cell[][]) => writes.push({ row, column, values }),
  } as unknown as SheetPort;
  return { sheet, writes };
}

function tableOf(rows: number): Table {
  const header = def.columns.map((c) => c.header);
  const values: Cell[][] = [
    header,
    ...Array.from({ length: rows }, (_, r) => header.map((_, c) => `r${r}c${c}`)),
  ];
  return new Table(def, values);
}

describe("Table.flush", () => {
  it("a paste's new rows get 주문번호 and 접수일시 in one rectangle: the same rows changed in both", () => {
    const table = tableOf(8);
    for (let r = 3; r < 8; r++) {
      table.set(r, "orderCode", `100-${r}`);
      table.set(r, "orderedAt", `2026-07-13 ${r}`);
    }
    const { sheet, writes } = recordingSheet();
    table.flush(sheet);
    expect(writes).toEqual([
      {
        row: 5,
        column: 1,
        values: [3, 4, 5, 6, 7].map((r) => [`100-${r}`, `2026-07-13 ${r}`]),
      },
    ]);
  });

  it("columns changed at different rows are written apart: no unchanged cell of Tony's is written", () => {
    const table = tableOf(4);
    table.set(0, "orderCode", "100-0");
    table.set(0, "orderedAt", "x");
    table.set(1, "orderedAt", "y");
    const { sheet, writes } = recordingSheet();
    table.flush(sheet);
    expect(writes).toHaveLength(2);
    expect(writes.flatMap((w) => w.values.flat())).toEqual(["100-0", "x", "y"]);
  });

  it("writes every changed cell, and in a column not the script's only the changed ones", () => {
    const owner = def.columns.map((c) => c.owner);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 3 })), { maxLength: 40 }),
        (rows, sets) => {
          const table = tableOf(rows);
          const changed = new Map<string, string>();
          for (const [r0, c0, v] of sets) {
            const r = r0 % rows;
            const c = c0 % WIDTH;
            const value = `new${v}`;
            table.set(r, def.columns[c]!.key, value);
            changed.set(`${r + 2}:${c + 1}`, value);
          }
          const { sheet, writes } = recordingSheet();
          table.flush(sheet);
          const written = new Map<string, Cell>();
          for (const w of writes)
            w.values.forEach((line, i) =>
              line.forEach((v, j) => written.set(`${w.row + i}:${w.column + j}`, v)),
            );
          for (const [cell, value] of changed) expect(written.get(cell)).toBe(value);
          for (const cell of written.keys()) {
            const column = Number(cell.split(":")[1]);
            if (owner[column - 1] !== "script") expect(changed.has(cell)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
