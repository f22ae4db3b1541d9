/**
 * Customer lookups on the local host: answered from an index built once per load of the
 * workbook, so a known and an unknown code take comparable time at 20,000 rows, and the
 * lock-out counters outlive a reload of the file.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Cell } from "../../src/app/port";
import {
  LOOKUP_FAILED,
  TOO_MANY_TRIES,
  indexLookups,
  lookupStatus,
  tooManyTries,
} from "../../src/app/lookups";
import { sync } from "../../src/app/sync";
import { RECONCILE, demoHost } from "../../src/local/demo";
import { FollowedFile, initFile, openFile } from "../../src/node/files";
import { tab } from "../../src/templates";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const codeOf = (i: number) => {
  const digits = `7${String(i).padStart(5, "0")}`;
  return `${digits.slice(0, 3)}-${digits.slice(3)}`;
};

/** The demo workbook with `n` more orders (one row each) appended to 주문. */
function bigHost(n: number) {
  const host = demoHost();
  const sheet = host.workbook.sheet(tab("orders").name)!;
  const header = sheet.readAll()[0]!.map(String);
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    const values: Record<string, Cell> = {
      주문번호: codeOf(i),
      행ID: `rbig${i}`,
      주문자: "김복숭",
      "주문자 연락처": "010-1234-5678",
      받는분: "이받음",
      주소: "서울특별시 강남구 테헤란로 1",
      품목: "백도 4.5kg",
      상자수: 1,
      입금상태: "입금완료",
      진행상태: "배송 완료",
    };
    rows.push(header.map((h) => values[h] ?? ""));
  }
  sheet.append(rows);
  return host;
}

describe("lookups by order code on a loaded workbook", () => {
  it("at 20,000 rows a known code and an unknown one answer in comparable time (no timing oracle)", () => {
    const host = bigHost(20_000);
    expect(host.workbook.sheet(tab("orders").name)!.readAll().length).toBeGreaterThan(20_000);
    // The server reconciles each load (the read model gets every order), then indexes it.
    sync(host, RECONCILE);
    // Known codes 700-000 … 719-999; unknown ones from 900-000 up.
    const t0 = performance.now();
    indexLookups(host);
    const indexMs = performance.now() - t0;
    const hits: number[] = [];
    const misses: number[] = [];
    for (let i = 0; i < 300; i++) {
      // A minute apart: the global limit of failed lookups is not what is measured here.
      host.clock.now = new Date(host.clock.now.getTime() + 61_000);
      let start = performance.now();
      const hit = lookupStatus(host, codeOf(i * 61), "5678");
      hits.push(performance.now() - start);
      expect(hit.ok).toBe(true);
      start = performance.now();
      const miss = lookupStatus(
        host,
        `9${String(i).padStart(5, "0").slice(0, 2)}-${String(i).padStart(5, "0").slice(2)}`,
        "5678",
      );
      misses.push(performance.now() - start);
      expect(miss).toEqual({ ok: false, error: LOOKUP_FAILED });
    }
    const hit = median(hits);
    const miss = median(misses);
    console.log(
      `20,000 rows: index built in ${indexMs.toFixed(0)} ms; median lookup hit ${hit.toFixed(3)} ms, miss ${miss.toFixed(3)} ms`,
    );
    expect(miss).toBeLessThan(2);
    expect(miss / hit).toBeLessThan(4);
    expect(hit / miss).toBeLessThan(4);
  });

  it("an order a sync adds after the index was built is found (a sync drops the index)", () => {
    const host = demoHost();
    indexLookups(host);
    const sheet = host.workbook.sheet(tab("orders").name)!;
    const header = sheet.readAll()[0]!.map(String);
    const values: Record<string, Cell> = {
      주문자: "새손님",
      "주문자 연락처": "010-2222-3333",
      받는분: "새손님",
      "받는분 연락처": "010-2222-3333",
      주소: "서울특별시 강남구 테헤란로 2",
      품목: "백도 4.5kg",
      상자수: 1,
    };
    sheet.append([header.map((h) => values[h] ?? "")]);
    sync(host, RECONCILE);
    const rows = sheet.readAll();
    const code = String(rows[rows.length - 1]![header.indexOf("주문번호")]);
    expect(code).toMatch(/^\d{3}-\d{3}$/);
    expect(lookupStatus(host, code, "3333").ok).toBe(true);
  });
});

describe("lock-out counters of a followed workbook", () => {
  it("survive a reload of the file (another program saved it)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "peach-lookup-")), "주문.xlsx");
    await initFile(file, true, new Date("2026-07-13T10:30:00+09:00"));
    const followed = await FollowedFile.open(file, () => new Date("2026-07-13T11:00:00+09:00"));
    const rows = followed.host.workbook.sheet(tab("orders").name)!.readAll();
    const header = rows[0]!.map(String);
    const code = String(rows[1]![header.indexOf("주문번호")]);
    const last4 = String(rows[1]![header.indexOf("주문자 연락처")]).replace(/\D/g, "").slice(-4);
    const wrong = last4 === "0000" ? "1111" : "0000";
    for (let i = 0; i < 5; i++)
      expect(lookupStatus(followed.host, code, wrong)).toEqual({ ok: false, error: LOOKUP_FAILED });
    // This order is locked out for 10 minutes, and the page says so.
    expect(lookupStatus(followed.host, code, last4)).toEqual({ ok: false, error: tooManyTries(10) });
    // Failed lookups of many codes, up to the global limit.
    for (let i = 0; i < 30; i++) lookupStatus(followed.host, `9${String(i).padStart(5, "0")}`, "1234");

    // Tony saves the file in Excel (here: another program); the server reads it again.
    await new Promise((done) => setTimeout(done, 20));
    const other = await openFile(file, new Date());
    await other.workbook.save();
    const before = followed.host;
    await followed.refresh();
    expect(followed.host).not.toBe(before);

    expect(lookupStatus(followed.host, code, last4)).toEqual({ ok: false, error: tooManyTries(10) });
    const another = String(rows[2]![header.indexOf("주문번호")]);
    expect(lookupStatus(followed.host, another, "0000")).toEqual({ ok: false, error: TOO_MANY_TRIES });
  });
});
