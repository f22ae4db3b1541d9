/** The local status server's protocol: only the page's functions, small bodies, strict headers. */
import { demoHost } from "../src/local/demo";
import { startServer, type RunningServer } from "../src/node/server";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer(demoHost());
});
afterAll(() => server.close());

const rpc = (name: string, body: string) =>
  fetch(`${server.url}/rpc/${name}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
  });

describe("local status server", () => {
  it("serves the page with CSP, nosniff and no-store, and a nonce on its scripts", async () => {
    const res = await fetch(`${server.url}/?t=${"<script>"}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(html.match(/<script nonce="([^"]+)">/g)).toEqual([
      `<script nonce="${nonce}">`,
      `<script nonce="${nonce}">`,
    ]);
    expect(html).toContain('name="peach-token" content=""');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // nothing from the internet
  });

  it("lets the order page, and only it, load the postcode service's script and frame (issue 23 · 18)", async () => {
    const order = (await fetch(`${server.url}/?view=order`)).headers.get("content-security-policy")!;
    expect(order).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+' https:\/\/t1\.daumcdn\.net;/);
    expect(order).toContain("frame-src https://postcode.map.daum.net;");
    expect(order).toMatch(/style-src 'nonce-[A-Za-z0-9+/=]+';/);
    const status = (await fetch(server.url)).headers.get("content-security-policy")!;
    expect(status).not.toMatch(/daum|frame-src/);
  });

  it("answers the page's two functions as {ok, value}", async () => {
    const res = await rpc("lookupStatus", JSON.stringify({ args: ["999-999", "1234"] }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBeTruthy();
    expect(await res.json()).toEqual({
      ok: true,
      value: { ok: false, error: "주문번호와 전화번호 뒷자리 4개를 다시 확인해 주세요" },
    });
    expect(await (await rpc("lookupByToken", JSON.stringify({ args: ["nope"] }))).json()).toMatchObject({
      ok: true,
      value: { ok: false },
    });
  });

  it("reaches no other function, refuses big or broken bodies", async () => {
    for (const name of ["sync", "constructor", "toString", "__proto__"]) {
      const res = await rpc(name, JSON.stringify({ args: [] }));
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ ok: false });
    }
    const big = await rpc("lookupStatus", JSON.stringify({ args: ["x".repeat(17 * 1024), "1234"] }));
    expect(big.status).toBe(413);
    const broken = await rpc("lookupStatus", "{not json");
    expect(broken.status).toBe(400);
    expect((await fetch(`${server.url}/rpc/lookupStatus`)).status).toBe(404);
    expect((await fetch(`${server.url}/etc/passwd`)).status).toBe(404);
  });
});
