/**
 * The order page on the local host: `serve <file.xlsx>` takes orders over POST /rpc/placeOrder,
 * twenty at once each land once; with the file open in Excel the order waits in the journal
 * beside the workbook, the customer gets the same answer, and the next sync applies it.
 */
import { request } from "node:http";
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/node/cli";
import { initFile, openFile } from "../../src/node/files";
import { lockWorkbook } from "../../src/local/lock";
import { journalPathOf } from "../../src/node/webOrders";
import { tab } from "../../src/templates";

const NOW = "2026-07-13T11:00:00+09:00";

interface Answer {
  ok: boolean;
  value: { orderCode: string; token: string; total: number; earliestShipDate?: string };
}

const order = (i: number) => ({
  orderer: { name: `웹주문자${i}`, phone: `010-7777-${String(1000 + i)}` },
  recipients: [
    {
      name: `받는분${i}`,
      phone: "010-2222-3333",
      postalCode: "06236",
      address: `서울특별시 강남구 테헤란로 ${i}`,
      item: "백도 4.5kg",
      boxes: 1,
    },
  ],
  memo: "",
});

async function shop(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), "peach-order-")), "orders.xlsx");
  await initFile(file, true, new Date("2026-07-13T10:30:00+09:00"));
  const host = await openFile(file, new Date(NOW));
  const settings = host.workbook.sheet(tab("settings").name)!;
  const labels = settings.readAll().map((r) => r[0]);
  settings.write(labels.indexOf("온라인 주문 받기") + 1, 2, [["예"]]);
  settings.write(labels.indexOf("웹 주문 10분당 최대") + 1, 2, [[100]]);
  await host.workbook.save();
  return file;
}

async function webRows(file: string): Promise<Record<string, unknown>[]> {
  const rows = (await openFile(file, new Date(NOW))).workbook.sheet(tab("orders").name)!.readAll();
  const header = rows[0]!.map(String);
  return rows
    .slice(1)
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])))
    .filter((r) => r["주문 경로"] === "웹");
}

/** The orders waiting in the journal beside the workbook. */
const journal = (file: string): string[] =>
  existsSync(journalPathOf(file)) ? readdirSync(journalPathOf(file)).filter((n) => n.endsWith(".json")) : [];

/** Polls until `done` (the server's saves run behind its answers), at most 30 s. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !done(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(done()).toBe(true);
}

async function serve(file: string) {
  const out: string[] = [];
  const result = await main(["serve", file, "--port", "0", "--now", NOW], (l) => out.push(l));
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out.join("\n"))![0];
  const call = async (fn: string, body: string) => {
    const res = await fetch(`${url}/rpc/${fn}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
    });
    return { status: res.status, json: (await res.json()) as { ok: boolean; value: Answer } };
  };
  return { url, call, close: () => result.server!.close() };
}

describe("the order page on a workbook file", () => {
  it("takes twenty orders at once: each lands once in the file, with distinct codes", async () => {
    const file = await shop();
    const server = await serve(file);
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => server.call("placeOrder", JSON.stringify({ args: [order(i)] }))),
      );
      expect(answers.map((a) => a.json.value.ok)).toEqual(Array(20).fill(true));
      const codes = answers.map((a) => a.json.value.value.orderCode as string);
      expect(new Set(codes).size).toBe(20);
      // Each customer was answered within 3 s; the saves may still be finishing behind.
      await until(() => journal(file).length === 0);
      const rows = await webRows(file);
      expect(rows.map((r) => r["주문번호"]).sort()).toEqual([...codes].sort());
      expect(rows.every((r) => r["진행상태"] === "접수" && r["합계"] === 40000)).toBe(true);
      expect(journal(file)).toEqual([]);
      const quote = await server.call("quoteOrder", JSON.stringify({ args: [order(99)] }));
      expect(quote.json.value.value).toMatchObject({ total: 40000, earliestShipDate: expect.any(String) });
      const big = await server.call("placeOrder", JSON.stringify({ args: [{ memo: "가".repeat(17_000) }] }));
      expect(big.status).toBe(413);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("an order placed while serve is open keeps the rows a CLI import wrote meanwhile (serve re-reads under the lock)", async () => {
    const file = await shop();
    const server = await serve(file);
    try {
      // The page is open (the server has read the file) when another command imports 3 orders.
      expect((await server.call("quoteOrder", JSON.stringify({ args: [order(1)] }))).json.value.ok).toBe(
        true,
      );
      const csv = join(file, "..", "batch.csv");
      writeFileSync(
        csv,
        [
          "주문자,주문자연락처,받는분,받는분연락처,주소,품목,상자수",
          ...[1, 2, 3].map(
            (i) =>
              `가져온${i},010-4444-${1000 + i},가져온${i},010-4444-${1000 + i},서울특별시 중구 세종대로 ${i},백도 4.5kg,1`,
          ),
        ].join("\n"),
      );
      expect((await main(["import", csv, "--into", file, "--now", NOW], () => undefined)).code).toBe(0);
      const placed = await server.call("placeOrder", JSON.stringify({ args: [order(2)] }));
      expect(placed.json.value.ok).toBe(true);
    } finally {
      await server.close();
    }
    const rows = (await openFile(file, new Date(NOW))).workbook.sheet(tab("orders").name)!.readAll();
    const orderers = rows.map((r) => String(r[rows[0]!.map(String).indexOf("주문자")]));
    expect(orderers.filter((n) => n.startsWith("가져온"))).toHaveLength(3);
    expect(orderers).toContain("웹주문자2");
  }, 60_000);

  it("keeps an order in the journal while Excel has the file, and the next sync applies it", async () => {
    const file = await shop();
    const server = await serve(file);
    const lock = join(file, "..", "~$orders.xlsx");
    try {
      writeFileSync(lock, "토니");
      const answer = (await server.call("placeOrder", JSON.stringify({ args: [order(1)] }))).json.value;
      expect(answer.ok).toBe(true);
      expect(await webRows(file)).toEqual([]);
      expect(journal(file)).toEqual([`${answer.value.orderCode}.json`]);
      // The same order again is the same answer, still waiting.
      const again = (await server.call("placeOrder", JSON.stringify({ args: [order(1)] }))).json.value;
      expect(again.value).toEqual(answer.value);
      rmSync(lock);
      const out: string[] = [];
      expect((await main(["sync", file, "--now", NOW], (l) => out.push(l))).code).toBe(0);
      const rows = await webRows(file);
      expect(rows.map((r) => [r["주문번호"], r["조회토큰"]])).toEqual([
        [answer.value.orderCode, answer.value.token],
      ]);
      expect(journal(file)).toEqual([]);
      await main(["sync", file, "--now", NOW], () => undefined);
      expect(await webRows(file)).toHaveLength(1);
    } finally {
      rmSync(lock, { force: true });
      await server.close();
    }
  }, 60_000);

  it("issue 23 · 8: answers the customer within 3 s while a command holds the lock, and saves the order when it frees", async () => {
    const file = await shop();
    const server = await serve(file);
    const held = await lockWorkbook(file, "peach-orders import (시험)", 0);
    let released = false;
    try {
      const started = Date.now();
      const answer = (await server.call("placeOrder", JSON.stringify({ args: [order(1)] }))).json.value;
      expect(answer.ok).toBe(true);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(journal(file)).toEqual([`${answer.value.orderCode}.json`]);
      expect(await webRows(file)).toEqual([]);
      await held.release();
      released = true;
      await until(() => journal(file).length === 0);
      expect((await webRows(file)).map((r) => r["주문번호"])).toEqual([answer.value.orderCode]);
    } finally {
      if (!released) await held.release();
      await server.close();
    }
  }, 60_000);

  it("issue 23 · 7: one journal by the workbook's real path, and every command says what waits and why", async () => {
    const file = await shop();
    const alias = join(file, "..", "alias.xlsx");
    symlinkSync(file, alias);
    expect(journalPathOf(alias)).toBe(journalPathOf(file));
    expect(journalPathOf(join(file, "..", ".", "orders.xlsx"))).toBe(journalPathOf(file));
    const server = await serve(alias);
    const excel = join(file, "..", "~$orders.xlsx");
    try {
      writeFileSync(excel, "토니");
      const answer = (await server.call("placeOrder", JSON.stringify({ args: [order(1)] }))).json.value;
      expect(answer.ok).toBe(true);
      expect(journal(file)).toEqual([`${answer.value.orderCode}.json`]);
      const lines: string[] = [];
      const plan = await main(["messages", file], {
        out: () => undefined,
        err: (l) => lines.push(l),
      });
      // The command itself stops (Excel has the file); it still says what waits and why.
      expect(plan.code).toBe(2);
      expect(lines.join("\n")).toContain("웹 주문 1건이 orders.xlsx 옆에서 기다립니다: 파일이 엑셀");
      rmSync(excel);
      expect((await main(["sync", alias, "--now", NOW], () => undefined)).code).toBe(0);
      expect((await webRows(file)).map((r) => r["주문번호"])).toEqual([answer.value.orderCode]);
      const after: string[] = [];
      await main(["messages", file], { out: () => undefined, err: (l) => after.push(l) });
      expect(after.join("\n")).not.toContain("기다립니다");
    } finally {
      rmSync(excel, { force: true });
      await server.close();
    }
  }, 60_000);

  it("issue 23 · 9: refuses cross-site posts and a chunked body over 16 KB (413), and takes nothing from them", async () => {
    const file = await shop();
    const server = await serve(file);
    try {
      const body = JSON.stringify({ args: [order(1)] });
      // A form on another site can post only form or plain text; a script there sends its Origin.
      const plain = await fetch(`${server.url}/rpc/placeOrder`, { method: "POST", body });
      expect(plain.status).toBe(415);
      const crossSite = await fetch(`${server.url}/rpc/placeOrder`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
        body,
      });
      expect(crossSite.status).toBe(403);
      expect(((await crossSite.json()) as { error: string }).error).toBe("이 화면에서만 주문할 수 있습니다");
      // A chunked body (no Content-Length) that grows past 16 KB: answered 413, not cut off.
      const port = Number(new URL(server.url).port);
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/rpc/placeOrder",
            headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.write('{"args":[{"memo":"');
        let sent = 0;
        const more = () => {
          if (sent > 40_000 || req.destroyed) return req.end();
          sent += 4096;
          req.write("가".repeat(1365), () => setImmediate(more));
        };
        more();
      });
      expect(status).toBe(413);
      expect(await webRows(file)).toEqual([]);
    } finally {
      await server.close();
    }
  }, 60_000);
});
