/**
 * A deleted 출하 일정 met by an edit whose own pass gives up: the full pass that follows makes
 * the tab again with every season day, and 이력 says so. (The edit's pass once made it, logged
 * it in a journal it then dropped, and the full pass found a bare tab it believed unchanged.)
 */
import { handleEdit } from "../src/app/edit";
import type { Cell } from "../src/app/port";
import { sync } from "../src/app/sync";
import { EVENT } from "../src/domain/events";
import { localHost } from "../src/local/demo";
import { MemoryWorkbook } from "../src/local/memoryWorkbook";
import { tab } from "../src/templates";

it("an edit that falls back to the full pass finds 출하 일정 made again, whole, and logged", () => {
  const book = new MemoryWorkbook();
  book.setUp("2026-07-10");
  const orders = book.sheet(tab("orders").name)!;
  const header = orders.readAll()[0]!.map(String);
  const row = (o: number): Cell[] => {
    const values: Record<string, Cell> = {
      주문자: `주문자${o}`,
      "주문자 연락처": `010-5000-${String(1000 + o)}`,
      받는분: `받는분${o}`,
      "받는분 연락처": `010-6000-${String(1000 + o)}`,
      우편번호: "04524",
      주소: "서울특별시 중구 세종대로 110",
      품목: "백도 4.5kg",
      상자수: 2,
      입금상태: "입금완료",
    };
    return header.map((h) => values[h] ?? "");
  };
  orders.write(2, 1, [row(0), row(1), row(2)]);
  const host = localHost(book, new Date("2026-07-10T12:00:00+09:00"));
  sync(host, { kind: "reconcile" });
  const days = book.sheet(tab("schedule").name)!.readAll().length;
  expect(days).toBeGreaterThan(60);

  book.sheets.delete(tab("schedule").name);
  // Two orderers' names typed over: a block edit may not rename rows, so the edit's pass gives up.
  const name = header.indexOf("주문자") + 1;
  orders.write(2, name, [["다른 사람"], ["또 다른 사람"]]);
  const fallback = handleEdit(
    host,
    { kind: "edit", tab: "orders" },
    { first: 2, count: 2, column: name, columns: 1 },
  );
  expect(fallback).not.toBeNull();
  expect(book.sheet(tab("schedule").name)!.readAll().length).toBe(days);
  const events = book.sheet(tab("events").name)!.readAll();
  expect(events.some((e) => e.includes(EVENT.tabRecreated) && e.includes(tab("schedule").name))).toBe(true);
});
