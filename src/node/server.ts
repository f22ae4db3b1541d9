/**
 * A page on localhost with a small `google.script.run` shim that posts to `/rpc/<name>`: the
 * customer status page (the same page Apps Script serves), or Tony's tools. Only the page's own
 * functions are reachable; bodies over 16 KB are refused; every answer carries a strict CSP.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Host } from "../app/port";
import { lookupByToken, lookupStatus, safeToken } from "../app/status";
import { markSentAnswer, messagesAnswer } from "../app/tools";
import { UserError } from "../local/userError";
import MESSAGES_PAGE from "../web/messages.html";
import PAYMENTS_PAGE from "../web/payments.html";
import { paymentsApplyAnswer, paymentsPreviewAnswer } from "../app/payments";
import STATUS_PAGE from "../web/status.html";

const MAX_BODY = 16 * 1024;

/** A page and the functions it may call, and nothing else. */
export interface PageApp {
  html(url: URL): string;
  rpc: Record<string, (host: Host, args: unknown[]) => unknown>;
  /** Largest request body in bytes (default 16 KB; a pasted bank export needs more). */
  maxBody?: number;
}

/**
 * Runs a change of the workbook and persists it. On a file (`FollowedFile.write`) the change
 * runs under the workbook lock on a fresh read of the file, then the file is saved.
 */
export type WorkbookWriter = <T>(change: (host: Host) => T) => Promise<T>;

/** Tony's messages page, on his own computer: the same page as the Sheets sidebar. */
export function toolsApp(statusBaseUrl: string, write: WorkbookWriter): PageApp {
  return {
    html: () => MESSAGES_PAGE,
    rpc: {
      getDueMessages: (host) => messagesAnswer(host, statusBaseUrl),
      // A busy workbook is an answer Tony can act on ("another command is writing"), not a failure.
      markMessageSent: (_host, args) =>
        write((host) => markSentAnswer(host, args[0], statusBaseUrl)).catch((error: unknown) => {
          if (error instanceof UserError) return { ok: false, error: error.message };
          throw error;
        }),
    },
  };
}

/** 입금 내역 붙여넣기 on this computer: the same page as the Sheets dialog. */
export function paymentsApp(write: WorkbookWriter): PageApp {
  return {
    html: () => PAYMENTS_PAGE,
    maxBody: 1024 * 1024,
    rpc: {
      previewBankPayments: (host, args) => paymentsPreviewAnswer(host, args[0]),
      applyBankPayments: (_host, args) =>
        write((host) => paymentsApplyAnswer(host, args[0], args[1])).catch((error: unknown) => {
          if (error instanceof UserError) return { ok: false, error: error.message };
          throw error;
        }),
    },
  };
}

/** The customer status page. */
export const STATUS_APP: PageApp = {
  html: (url) => STATUS_PAGE.replace("__TOKEN__", safeToken(url.searchParams.get("t"))),
  rpc: {
    lookupStatus: (host, args) => lookupStatus(host, args[0], args[1]),
    lookupByToken: (host, args) => lookupByToken(host, args[0]),
  },
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

function withShim(html: string, nonce: string): string {
  return html
    .replace("<style>", `<style nonce="${nonce}">`)
    .replace("<script>", `<script nonce="${nonce}">${SHIM}</script>\n    <script nonce="${nonce}">`);
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
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

async function handle(app: PageApp, host: Host, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (req.method === "GET" && url.pathname === "/") {
    const nonce = randomBytes(16).toString("base64");
    securityHeaders(res, nonce);
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(withShim(app.html(url), nonce));
    return;
  }
  const rpc = /^\/rpc\/([A-Za-z]+)$/.exec(url.pathname);
  if (req.method === "POST" && rpc) {
    const fn = Object.prototype.hasOwnProperty.call(app.rpc, rpc[1]!) ? app.rpc[rpc[1]!] : undefined;
    if (!fn) return sendJson(res, 404, { ok: false, error: "없는 기능입니다" });
    const limit = app.maxBody ?? MAX_BODY;
    if (Number(req.headers["content-length"] ?? 0) > limit) {
      return sendJson(res, 413, { ok: false, error: "요청이 너무 큽니다" });
    }
    const body = await readBody(req, limit);
    if (body === null) return sendJson(res, 413, { ok: false, error: "요청이 너무 큽니다" });
    let args: unknown;
    try {
      args = (JSON.parse(body) as { args?: unknown }).args;
    } catch {
      args = undefined;
    }
    if (!Array.isArray(args))
      return sendJson(res, 400, { ok: false, error: "요청 형식이 올바르지 않습니다" });
    return sendJson(res, 200, { ok: true, value: await fn(host, args) });
  }
  sendJson(res, 404, { ok: false, error: "없는 주소입니다" });
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export interface ServerOptions {
  port?: number;
  /** Loopback by default: the local host serves this computer. */
  hostname?: string;
  /** Runs before each request (a server that follows a workbook file reads it again). */
  beforeRequest?: () => Promise<void>;
  app?: PageApp;
}

/** `host` may be a function, so a server can follow a workbook file that changes. */
export function startServer(host: Host | (() => Host), options: ServerOptions = {}): Promise<RunningServer> {
  const {
    port = 0,
    hostname = "127.0.0.1",
    beforeRequest = async () => undefined,
    app = STATUS_APP,
  } = options;
  const current = typeof host === "function" ? host : () => host;
  const server = createServer((req, res) => {
    beforeRequest()
      .then(() => handle(app, current(), req, res))
      .catch((error: unknown) => {
        // One line for the person at the terminal; the page (maybe a customer's) learns nothing of files.
        console.error(
          error instanceof UserError ? error.message : `요청 하나를 처리하지 못했습니다: ${String(error)}`,
        );
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: "지금은 조회할 수 없습니다" });
      });
  });
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new UserError(`${port} 포트를 이미 쓰고 있습니다. --port ${port + 1} 처럼 다른 번호로 실행하세요`)
          : error.code === "EACCES"
            ? new UserError(
                `${port} 포트를 열 권한이 없습니다. --port 8080 처럼 1024보다 큰 번호로 실행하세요`,
              )
            : error,
      ),
    );
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
