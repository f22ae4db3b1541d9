/**
 * The local servers under attack: hostile arguments at the RPC boundary, torn bodies, DNS
 * rebinding and cross-site writes against the tools page, and many 보냄 clicks at once.
 */
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoHost } from "../../src/local/demo";
import { main } from "../../src/node/cli";
import { initFile } from "../../src/node/files";
import { startServer, toolsApp, type RunningServer } from "../../src/node/server";
import { pageClient } from "./pageClient";
import { xlsxRecords } from "./xlsxRecords";

// After the demo's first morning (10:30): a clock never runs back behind the file's own events.
const NOW = ["--now", "2026-07-13T11:00:00+09:00"];

/** console.error lines written while `work` runs. */
async function stderrOf<T>(work: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const spy = jest.spyOn(console, "error").mockImplementation((...a: unknown[]) => {
    lines.push(a.map(String).join(" "));
  });
  try {
    return { value: await work(), lines };
  } finally {
    spy.mockRestore();
  }
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });

describe("the RPC boundary checks every argument", () => {
  let server: RunningServer;
  beforeAll(async () => (server = await startServer(demoHost())));
  afterAll(() => server.close());

  it.each([
    ["an object argument {toString:1}", { args: [{ toString: 1 }, "1234"] }],
    ["an object as the last four digits", { args: ["123-456", { valueOf: 1 }] }],
    ["deeply nested arrays", { args: [JSON.parse("[".repeat(3000) + "]".repeat(3000)) as unknown, "1234"] }],
    ["too many arguments", { args: ["123-456", "1234", "x"] }],
    ["args that is not a list", { args: { 0: "123-456" } }],
    ["a body that is not an object", ["123-456", "1234"]],
    ["a body of null", null],
  ])("%s: 400 in Korean, one line on stderr, no stack trace", async (_case, body) => {
    const { value: res, lines } = await stderrOf(() =>
      post(`${server.url}/rpc/lookupStatus`, JSON.stringify(body)),
    );
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { ok: boolean; error: string };
    expect(answer).toEqual({ ok: false, error: "요청 형식이 올바르지 않습니다" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/\n|at .*\.ts:\d+/);
  });

  it("a number where text is expected is read as its digits", async () => {
    const res = await post(`${server.url}/rpc/lookupStatus`, JSON.stringify({ args: [123456, 1234] }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { value: { ok: boolean } }).value.ok).toBe(false);
  });

  it("an aborted body gets no 500 and one line on stderr; the server keeps answering", async () => {
    const port = new URL(server.url).port;
    const { lines } = await stderrOf(
      () =>
        new Promise<void>((done) => {
          const req = request({
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/rpc/lookupStatus",
            headers: { "Content-Type": "application/json", "Content-Length": "500" },
          });
          req.on("error", () => undefined);
          req.write('{"args": ["123-4');
          setTimeout(() => {
            req.destroy();
            setTimeout(done, 100);
          }, 50);
        }),
    );
    expect(lines).toEqual(["요청 본문이 도중에 끊겼습니다"]);
    const res = await post(`${server.url}/rpc/lookupStatus`, JSON.stringify({ args: ["999-999", "1234"] }));
    expect(res.status).toBe(200);
  });
});

describe("the tools page answers only its own page on this computer", () => {
  let server: RunningServer;
  let writes = 0;
  beforeAll(async () => {
    const host = demoHost();
    server = await startServer(host, {
      app: toolsApp("https://example.com/exec", async (change) => (writes++, change(host))),
    });
  });
  afterAll(() => server.close());

  /** A raw request with a chosen Host header (fetch does not let a page set it). */
  const raw = (path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; text: string }>((done, fail) => {
      const req = request(
        { host: "127.0.0.1", port: new URL(server.url).port, path, method: body ? "POST" : "GET", headers },
        (res) => {
          let text = "";
          res.on("data", (d: Buffer) => (text += d.toString()));
          res.on("end", () => done({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", fail);
      req.end(body);
    });

  it("DNS rebinding: a Host name other than 127.0.0.1 or localhost gets neither the page nor the messages", async () => {
    const { lines } = await stderrOf(async () => {
      const page = await raw("/", { Host: "attacker.example:8081" });
      expect(page.status).toBe(421);
      expect(page.text).not.toContain("<script");
      const due = await raw(
        "/rpc/getDueMessages",
        {
          Host: "attacker.example:8081",
          "Content-Type": "application/json",
          Origin: "http://attacker.example:8081",
        },
        JSON.stringify({ args: [] }),
      );
      expect(due.status).toBe(421);
      expect(due.text).not.toMatch(/messages/);
    });
    expect(lines).toHaveLength(2);
    const local = await raw("/", { Host: `localhost:${new URL(server.url).port}` });
    expect(local.status).toBe(200);
  });

  it("a cross-site text/plain POST, a foreign Origin or a missing secret cannot mark a message sent", async () => {
    const call = await pageClient(server.url);
    const due = (await call<{ messages: { id: string }[] }>("getDueMessages")).body.value!.messages;
    expect(due.length).toBeGreaterThan(0);
    const body = JSON.stringify({ args: [due[0]!.id] });
    const secret = /"X-Peach-Secret": "([0-9a-f]+)"/.exec(await (await fetch(server.url)).text())![1]!;
    const attempts: [string, Record<string, string>, number][] = [
      ["text/plain from another site", { "Content-Type": "text/plain", Origin: "https://evil.example" }, 403],
      [
        "text/plain with the right origin",
        { "Content-Type": "text/plain", Origin: server.url, "X-Peach-Secret": secret },
        415,
      ],
      [
        "JSON from another site",
        { "Content-Type": "application/json", Origin: "https://evil.example", "X-Peach-Secret": secret },
        403,
      ],
      ["JSON without an Origin", { "Content-Type": "application/json", "X-Peach-Secret": secret }, 403],
      ["JSON without the secret", { "Content-Type": "application/json", Origin: server.url }, 403],
      [
        "JSON with a wrong secret",
        { "Content-Type": "application/json", Origin: server.url, "X-Peach-Secret": "0".repeat(48) },
        403,
      ],
    ];
    await stderrOf(async () => {
      for (const [, headers, status] of attempts) {
        const res = await fetch(`${server.url}/rpc/markMessageSent`, { method: "POST", headers, body });
        expect(res.status).toBe(status);
        expect(((await res.json()) as { ok: boolean }).ok).toBe(false);
      }
    });
    expect(writes).toBe(0);
    const sent = await call<{ messages: { id: string }[] }>("markMessageSent", due[0]!.id);
    expect(sent.status).toBe(200);
    expect(writes).toBe(1);
  });

  it("each run has its own secret", async () => {
    const other = await startServer(demoHost(), { app: toolsApp("", async (change) => change(demoHost())) });
    try {
      const secretOf = async (url: string) =>
        /"X-Peach-Secret": "([0-9a-f]+)"/.exec(await (await fetch(url)).text())![1]!;
      expect(await secretOf(other.url)).not.toBe(await secretOf(server.url));
    } finally {
      await other.close();
    }
  });
});

describe("simultaneous 보냄 clicks on the tools page of a file", () => {
  it("many concurrent clicks: every answer 200, each mark applied once, nothing else lost", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "peach-clicks-")), "주문.xlsx");
    await initFile(file, true, new Date("2026-07-13T09:00:00+09:00"));
    const sentBefore = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "메시지 보냄").length;
    const out: string[] = [];
    // After the demo day's own events (발송 at 10:30): a mark made before them would leave its
    // message due, as no real clock does (since issue 23 a shipped order offers 발송 안내 only).
    const started = await main(["tools", file, "--port", "0", ...NOW], (l) => out.push(l));
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out.join("\n"))![0];
    try {
      const call = await pageClient(url);
      // Messages Tony can send (a payment request waits for 설정's 입금 안내 and has no 보냄).
      const due = (
        await call<{ messages: { id: string; blocked?: boolean }[] }>("getDueMessages")
      ).body.value!.messages.filter((m) => !m.blocked);
      expect(due.length).toBeGreaterThan(3);
      const ids = due.slice(0, 4).map((m) => m.id);
      // Each message clicked 15 times at once: 60 clicks.
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, i) => call<{ ok: boolean }>("markMessageSent", ids[i % ids.length])),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      expect(answers.every((a) => a.body.ok && a.body.value!.ok)).toBe(true);
    } finally {
      await started.server?.close();
    }
    const events = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "메시지 보냄");
    expect(events).toHaveLength(sentBefore + 4); // the demo's evening messages, and the four
  }, 60_000);
});
