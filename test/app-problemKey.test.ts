import fc from "fast-check";
import { Journal } from "../src/app/journal";
import {
  PROBLEM_KINDS,
  parseProblemKey,
  problemKeyText,
  scopeId,
  scopeOf,
  type ProblemKey,
} from "../src/domain/problemKey";
import { Table } from "../src/app/table";
import { MemoryWorkbook } from "../src/local/memoryWorkbook";
import { tab } from "../src/templates";

/** Row ids as an import may bring them (colons included); never one of the fixed texts. */
const rowId = fc
  .string({ minLength: 1, maxLength: 12 })
  .filter(
    (s) =>
      !["settings", "스크립트"].includes(s) &&
      !s.startsWith("settings:") &&
      !s.startsWith("schedule:") &&
      !s.startsWith("sms:"),
  );
const field = fc.stringMatching(/^[A-Za-z]{1,10}$/).filter((f) => f !== "moved");
/** One generator per kind: the mapped type fails to compile when a kind has none. */
const BY_KIND: { [K in ProblemKey["kind"]]: fc.Arbitrary<Extract<ProblemKey, { kind: K }>> } = {
  settings: fc.constant({ kind: "settings" as const }),
  missingSetting: fc.string({ maxLength: 12 }).map((label) => ({ kind: "missingSetting" as const, label })),
  settingLine: fc.string({ maxLength: 12 }).map((label) => ({ kind: "settingLine" as const, label })),
  columns: fc.constant({ kind: "columns" as const }),
  rowMoved: rowId.map((id) => ({ kind: "rowMoved" as const, rowId: id })),
  rowField: fc.tuple(rowId, field).map(([id, f]) => ({ kind: "rowField" as const, rowId: id, field: f })),
  capacity: fc.nat(5000).map((r) => ({ kind: "capacity" as const, r })),
  timeZone: fc.constant({ kind: "timeZone" as const }),
  triggers: fc.constant({ kind: "triggers" as const }),
  sms: fc.string({ minLength: 1, maxLength: 20 }).map((id) => ({ kind: "sms" as const, id })),
};
const arbKey: fc.Arbitrary<ProblemKey> = fc.oneof(
  ...PROBLEM_KINDS.map((k) => BY_KIND[k] as fc.Arbitrary<ProblemKey>),
);

describe("problem keys", () => {
  it("read back as written, so every kind's rows in 오류 find their scope", () => {
    fc.assert(
      fc.property(arbKey, (key) => {
        expect(parseProblemKey(problemKeyText(key))).toEqual(key);
      }),
    );
  });

  it("keep the text earlier versions wrote to 오류", () => {
    expect(problemKeyText({ kind: "settings" })).toBe("settings");
    expect(problemKeyText({ kind: "missingSetting", label: "기본 출하량" })).toBe(
      "settings:missing:기본 출하량",
    );
    expect(problemKeyText({ kind: "columns" })).toBe("columns");
    expect(problemKeyText({ kind: "rowMoved", rowId: "rabc" })).toBe("rabc:moved");
    expect(problemKeyText({ kind: "rowField", rowId: "rabc", field: "boxes" })).toBe("rabc:boxes");
    expect(problemKeyText({ kind: "capacity", r: 3 })).toBe("schedule:3:capacity");
    expect(problemKeyText({ kind: "timeZone" })).toBe("스크립트:timeZone");
  });

  it("read a row id that holds colons (an imported 행ID) as the row's, so its problems resolve", () => {
    expect(parseProblemKey("2026:001:boxes")).toEqual({
      kind: "rowField",
      rowId: "2026:001",
      field: "boxes",
    });
    expect(parseProblemKey("a:b:moved")).toEqual({ kind: "rowMoved", rowId: "a:b" });
  });

  it("give a refused edit's row no scope: no pass resolves an event", () => {
    expect(parseProblemKey("주문:rabc:출하예정일:1784000000000:0")).toBeNull();
    expect(parseProblemKey("주문::진행상태:1784000000000:1")).toBeNull();
  });

  it("resolve open 오류 rows written before, by the scope a pass checked, and only those", () => {
    const workbook = new MemoryWorkbook();
    const def = tab("problems");
    const header = def.columns.map((c) => c.header);
    const keyAt = header.indexOf(def.columns.find((c) => c.key === "problemKey")!.header);
    const row = (key: string) => header.map((_, i) => (i === keyAt ? key : ""));
    const keys = [
      "rabc:boxes",
      "rabc:moved",
      "rdef:boxes",
      "schedule:3:capacity",
      "schedule:30:capacity",
      "settings:missing:기본 출하량",
      "주문:rabc:출하예정일:1784000000000:0",
    ];
    workbook.addSheet(def.name, [header, ...keys.map(row)]);
    const journal = new Journal();
    journal.checked({ kind: "row", rowId: "rabc" });
    journal.checked({ kind: "scheduleRow", r: 3 });
    journal.checked({ kind: "settings" });
    journal.problem({
      key: { kind: "rowField", rowId: "rabc", field: "boxes" },
      tab: "주문",
      field: "boxes",
      message: "상자수: 숫자가 아닙니다",
      raw: "x",
    });
    journal.flush(workbook, new Date("2026-07-20T09:00:00+09:00"));
    const table = Table.read(def, workbook.sheet(def.name)!);
    const resolved = Object.fromEntries(
      Array.from({ length: table.rowCount }, (_, r) => [
        table.text(r, "problemKey"),
        table.get(r, "resolved") === true,
      ]),
    );
    expect(resolved).toEqual({
      "rabc:boxes": false, // seen again
      "rabc:moved": true,
      "rdef:boxes": false, // its row was not checked
      "schedule:3:capacity": true,
      "schedule:30:capacity": false, // another row, though its key starts with the checked one's text
      "settings:missing:기본 출하량": true,
      "주문:rabc:출하예정일:1784000000000:0": false,
    });
  });

  it("name one scope per kind, equal scopes by equal ids", () => {
    fc.assert(
      fc.property(arbKey, arbKey, (a, b) => {
        const same = JSON.stringify(scopeOf(a)) === JSON.stringify(scopeOf(b));
        expect(scopeId(scopeOf(a)) === scopeId(scopeOf(b))).toBe(same);
      }),
    );
  });
});
