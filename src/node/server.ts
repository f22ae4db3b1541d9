/**
 * The customer status page on localhost: the same page Apps Script serves, with a small
 * `google.script.run` shim that posts to `/rpc/<name>`. Only the page's own functions are
 * reachable; bodies over 16 KB are refused; every answer carries a strict CSP.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Host } from "../app/port";
import { lookupByToken, lookupStatus, safeToken } from "../app/status";
import STATUS_PAGE from "../web/status.html";

const MAX_BODY = 16 * 1024;

/** The functions the page may call, and nothing else. */
const RPC: Record<string, (host: Host, args: unknown[]) => unknown> = {
  lookupStatus: (host, args) => lookupStatus(host, args[0], args[1]),
  lookupByToken: (host, args) => lookupByToken(host, args[0]),
};

/** google.script.run over fetch: withSuccessHandler / withFailureHandler, then any function name. */
const SHIM = `window.google = { script: { run: (function () {
  function runner(ok, fail) {
    return new Proxy({}, { get: function (_, name) {
      if (name === "withSuccessHandler") return function (f) { return runner(f, fail); };
      if (name === "withFailureHandler") return function (f) { return runner(ok, f); };
      return function () {
        var args = Array.prototype.slice.call(arguments);
        fetch("/rpc/" + encodeURIComponent(String(name)), {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ args: args })
        }).then(function (r) { return r.json(); }).then(function (a) {
          if (a.ok) { if (ok) ok(a.value); } else if (fail) { fail(new Error(a.error)); }
        }).catch(function (e) { if (fail) fail(e); });
      };
    } });
  }
  return runner(null, null);
})() } };`;

function securityHeaders(res: ServerResponse, nonce = ""): void {
  const scripts = nonce ? `'nonce-${nonce}'` : "'none'";
  res.setHeader(
    "Content-Security-Policy",
    `default-src 'none'; script-src ${scripts}; style-src ${scripts}; connect-src 'self'; img-src 'self' data:; ` +
      "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Referrer-Policy", "no-referrer");
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  securityHeaders(res);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function page(token: string, nonce: string): string {
  return STATUS_PAGE.replace("__TOKEN__", token)
    .replace("<style>", `<style nonce="${nonce}">`)
    .replace("<script>", `<script nonce="${nonce}">${SHIM}</script>\n    <script nonce="${nonce}">`);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function handle(host: Host, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (req.method === "GET" && url.pathname === "/") {
    const nonce = randomBytes(16).toString("base64");
    securityHeaders(res, nonce);
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(page(safeToken(url.searchParams.get("t")), nonce));
    return;
  }
  const rpc = /^\/rpc\/([A-Za-z]+)$/.exec(url.pathname);
  if (req.method === "POST" && rpc) {
    const fn = Object.prototype.hasOwnProperty.call(RPC, rpc[1]!) ? RPC[rpc[1]!] : undefined;
    if (!fn) return sendJson(res, 404, { ok: false, error: "없는 기능입니다" });
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY) {
      return sendJson(res, 413, { ok: false, error: "요청이 너무 큽니다" });
    }
    const body = await readBody(req);
    if (body === null) return sendJson(res, 413, { ok: false, error: "요청이 너무 큽니다" });
    let args: unknown;
    try {
      args = (JSON.parse(body) as { args?: unknown }).args;
    } catch {
      args = undefined;
    }
    if (!Array.isArray(args))
      return sendJson(res, 400, { ok: false, error: "요청 형식이 올바르지 않습니다" });
    return sendJson(res, 200, { ok: true, value: fn(host, args) });
  }
  sendJson(res, 404, { ok: false, error: "없는 주소입니다" });
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * `host` may be a function, so a server can follow a workbook file that changes; `beforeRequest`
 * lets it read the file again first.
 */
export function startServer(
  host: Host | (() => Host),
  port = 0,
  hostname = "127.0.0.1",
  beforeRequest: () => Promise<void> = async () => undefined,
): Promise<RunningServer> {
  const current = typeof host === "function" ? host : () => host;
  const server = createServer((req, res) => {
    beforeRequest()
      .then(() => handle(current(), req, res))
      .catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: "지금은 조회할 수 없습니다" });
      });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      resolve({
        url: `http://${hostname}:${actual}`,
        server,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
