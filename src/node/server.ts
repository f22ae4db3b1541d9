/**
 * A page on localhost with a small `google.script.run` shim that posts to `/rpc/<name>`: the
 * customer status page (the same page Apps Script serves), or Tony's tools. Only the page's own
 * functions are reachable; bodies over 16 KB are refused; every answer carries a strict CSP.
 *
 * Arguments are checked here, before any function runs: each function declares what it takes
 * (text only, by default), so an object (`{"toString":1}`), a nested array or a torn body is a
 * 400 with a Korean message and one line on stderr, never a 500.
 *
 * Tony's own pages (`private`) answer only to the Host names `127.0.0.1` and `localhost` (a
 * site that points its own name at 127.0.0.1, DNS rebinding, is refused), and every call must be
 * same-origin, `application/json`, and carry the secret this run put into the page.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Host } from "../app/port";
import { lookupByToken, lookupStatus, safeToken } from "../app/lookups";
import { markSentAnswer, messagesAnswer, smsPauseAnswer } from "../app/tools";
import { UserError } from "../local/userError";
import { localOrderRpc } from "./webOrders";
import MESSAGES_PAGE from "../web/messages.html";
import PAYMENTS_PAGE from "../web/payments.html";
import { paymentsApplyAnswer, paymentsPreviewAnswer } from "../app/paymentsPage";
import ORDER_PAGE from "../web/order.html";
import STATUS_PAGE from "../web/status.html";
import { orderPageHtml, POSTCODE_SOURCES, type OutsideSources } from "../web/pages";

const MAX_BODY = 16 * 1024;
/** Longest text argument: an order code, a token, a message id are far shorter. */
const MAX_TEXT = 2000;
/** The header the page's shim sends the run's secret in. */
const SECRET_HEADER = "x-peach-secret";

/**
 * What one argument may be. `text`: a string, or a number sent as one (kept as its digits);
 * `json`: plain JSON (objects, arrays, text, numbers) at most 4 levels deep, for a form.
 */
export type ArgKind = "text" | "json";

/** A page and the functions it may call, and nothing else. */
export interface PageApp {
  html(url: URL): string;
  rpc: Record<string, (host: Host, args: unknown[]) => unknown>;
  /** The arguments of each function; a function not listed takes text only. */
  params?: Partial<Record<string, readonly ArgKind[]>>;
  /** Tony's own page: loopback Host names only, and every call same-origin, JSON, with the run's secret. */
  private?: boolean;
  /** Largest request body in bytes (default 16 KB; a pasted bank export needs more). */
  maxBody?: number;
  /** Outside hosts the page at `url` may load from (none unless named). */
  outside?(url: URL): OutsideSources;
}

/**
 * Runs a change of the workbook and persists it. On a file (`FollowedFile.write`) the change
 * runs under the workbook lock on a fresh read of the file, then the file is saved.
 */
export type WorkbookWriter = <T>(change: (host: Host) => T) => Promise<T>;

/**
 * Tony's messages page, on his own computer: the same page as the Sheets sidebar. `hasKey`: the
 * environment holds the provider's key and secret (send-messages would send).
 */
export function toolsApp(statusBaseUrl: string, write: WorkbookWriter, hasKey = false): PageApp {
  // A busy workbook is an answer Tony can act on ("another command is writing"), not a failure.
  const written = <T>(change: (host: Host) => T) =>
    write(change).catch((error: unknown) => {
      if (error instanceof UserError) return { ok: false, error: error.message };
      throw error;
    });
  return {
    html: () => MESSAGES_PAGE,
    private: true,
    params: { getDueMessages: [], markMessageSent: ["text"], setSmsPaused: ["text"] },
    rpc: {
      getDueMessages: (host) => messagesAnswer(host, statusBaseUrl, hasKey),
      markMessageSent: (_host, args) =>
        written((host) => markSentAnswer(host, args[0], statusBaseUrl, hasKey)),
      setSmsPaused: (_host, args) => written((host) => smsPauseAnswer(host, args[0], statusBaseUrl, hasKey)),
    },
  };
}

/** 입금 내역 붙여넣기 on this computer: the same page as the Sheets dialog. */
export function paymentsApp(write: WorkbookWriter): PageApp {
  return {
    html: () => PAYMENTS_PAGE,
    maxBody: 1024 * 1024,
    private: true,
    params: { previewBankPayments: ["text"], applyBankPayments: ["text", "json"] },
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

/** The customer pages: the status lookup and (`?view=order`) the order page. */
export function customerApp(orders = localOrderRpc(null)): PageApp {
  return {
    html: (url) =>
      url.searchParams.get("view") === "order"
        ? orderPageHtml(ORDER_PAGE, STATUS_PAGE, "")
        : STATUS_PAGE.replace("__TOKEN__", safeToken(url.searchParams.get("t"))).replace("__BASE__", ""),
    // The order page's 우편번호 찾기 (the Daum postcode service, loaded when tapped).
    outside: (url) => (url.searchParams.get("view") === "order" ? POSTCODE_SOURCES : {}),
    params: {
      lookupStatus: ["text", "text"],
      lookupByToken: ["text"],
      // The order page sends one form (JSON); getOrderForm is called with nothing (null).
      getOrderForm: ["json"],
      quoteOrder: ["json"],
      placeOrder: ["json"],
      answerDelay: ["json"],
    },
    rpc: {
      lookupStatus: (host, args) => lookupStatus(host, args[0], args[1]),
      lookupByToken: (host, args) => lookupByToken(host, args[0]),
      ...orders,
    },
  };
}

/** google.script.run over fetch: withSuccessHandler / withFailureHandler, then any function name. */
const shim = (secret: string) => `window.google = { script: { run: (function () {
  function runner(ok, fail) {
    return new Proxy({}, { get: function (_, name) {
      if (name === "withSuccessHandler") return function (f) { return runner(f, fail); };
      if (name === "withFailureHandler") return function (f) { return runner(ok, f); };
      return function () {
        var args = Array.prototype.slice.call(arguments);
        fetch("/rpc/" + encodeURIComponent(String(name)), {
          method: "POST", headers: { "Content-Type": "application/json", "X-Peach-Secret": "${secret}" }, body: JSON.stringify({ args: args })
        }).then(function (r) { return r.json(); }).then(function (a) {
          if (a.ok) { if (ok) ok(a.value); } else if (fail) { fail(new Error(a.error)); }
        }).catch(function (e) { if (fail) fail(e); });
      };
    } });
  }
  return runner(null, null);
})() } };`;

function securityHeaders(res: ServerResponse, nonce = "", outside: OutsideSources = {}): void {
  const own = nonce ? `'nonce-${nonce}'` : "'none'";
  const scripts = [own, ...(outside.script ?? [])].join(" ");
  const frames = outside.frame?.length ? `frame-src ${outside.frame.join(" ")}; ` : "";
  res.setHeader(
    "Content-Security-Policy",
    `default-src 'none'; script-src ${scripts}; style-src ${own}; ${frames}connect-src 'self'; img-src 'self' data:; ` +
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

function withShim(html: string, nonce: string, secret: string): string {
  return html
    .replace("<style>", `<style nonce="${nonce}">`)
    .replace("<script>", `<script nonce="${nonce}">${shim(secret)}</script>\n    <script nonce="${nonce}">`);
}

/** A refused request: its status, the Korean answer, and the one line for the terminal. */
class Refusal {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly log: string,
  ) {}
}

const BAD_REQUEST = "요청 형식이 올바르지 않습니다";

/** The body, or a refusal: too big, or torn off by the client before its end. */
function readBody(req: IncomingMessage, limit: number): Promise<string | Refusal> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    const tooBig = () =>
      new Refusal(413, "요청이 너무 큽니다", `요청 본문이 ${limit}바이트를 넘어 거절했습니다`);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop reading, but keep the socket until the 413 is written (a chunked body has no
        // Content-Length to refuse it by): the answer is sent with Connection: close.
        req.off("data", onData);
        req.pause();
        chunks.length = 0;
        resolve(tooBig());
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    // An aborted body ends in "close" (and maybe "error") without "end"; a second resolve is ignored.
    const torn = () => resolve(new Refusal(400, BAD_REQUEST, "요청 본문이 도중에 끊겼습니다"));
    req.on("error", torn);
    req.on("close", () => {
      if (!req.complete) torn();
    });
  });
}

/** JSON no deeper than `levels` (arrays and objects), counted without recursion. */
function shallow(value: unknown, levels: number): boolean {
  let frontier: unknown[] = [value];
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: unknown[] = [];
    for (const v of frontier) {
      if (v === null || typeof v !== "object") continue;
      if (depth >= levels) return false;
      next.push(...(Array.isArray(v) ? v : Object.values(v)));
    }
    frontier = next;
  }
  return true;
}

/** The arguments as the function declared them, or null. */
function checkedArgs(args: unknown, kinds: readonly ArgKind[]): unknown[] | null {
  if (!Array.isArray(args) || args.length > kinds.length) return null;
  const out: unknown[] = [];
  for (let i = 0; i < kinds.length; i++) {
    const v: unknown = args[i];
    if (v === undefined || v === null) out.push("");
    else if (kinds[i] === "json") {
      if (!shallow(v, 4)) return null;
      out.push(v);
    } else if (typeof v === "string" && v.length <= MAX_TEXT) out.push(v);
    else if (typeof v === "number" && Number.isFinite(v)) out.push(String(v));
    else return null;
  }
  return out;
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string" || given.length !== secret.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(secret));
}

/** A call to Tony's own page from anywhere but that page itself, or a refusal. */
function privateRefusal(req: IncomingMessage, secret: string): Refusal | null {
  const host = req.headers.host ?? "";
  const origin = req.headers.origin;
  if (origin !== `http://${host}`)
    return new Refusal(
      403,
      "이 화면에서만 쓸 수 있습니다",
      `다른 사이트(${String(origin ?? "출처 없음")})의 요청을 거절했습니다`,
    );
  if (!/^application\/json(;|$)/i.test(req.headers["content-type"] ?? ""))
    return new Refusal(415, BAD_REQUEST, "JSON이 아닌 요청을 거절했습니다");
  if (!sameSecret(req.headers[SECRET_HEADER], secret))
    return new Refusal(403, "화면을 새로 고친 뒤 다시 해 주세요", "비밀값이 맞지 않는 요청을 거절했습니다");
  return null;
}

/**
 * A call to a customer page (status, order page) from another site, or a refusal: anything but
 * JSON (a cross-site form can send only form or plain text without asking the server first, and
 * a JSON request from another site must ask, which this server never answers), and any Origin
 * but this server's own. A client that sends no Origin (curl, an old browser) is not a browser
 * posting from another site.
 */
function publicRefusal(req: IncomingMessage): Refusal | null {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ""}`)
    return new Refusal(
      403,
      "이 화면에서만 주문할 수 있습니다",
      `다른 사이트(${origin})의 요청을 거절했습니다`,
    );
  if (!/^application\/json(;|$)/i.test(req.headers["content-type"] ?? ""))
    return new Refusal(415, BAD_REQUEST, "JSON이 아닌 요청을 거절했습니다");
  return null;
}

async function handle(
  app: PageApp,
  secret: string,
  host: () => Host,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (app.private && !LOOPBACK_HOST.test(req.headers.host ?? ""))
    throw new Refusal(
      421,
      "이 컴퓨터의 주소(127.0.0.1)로 열어 주세요",
      `낯선 Host(${req.headers.host ?? ""})의 요청을 거절했습니다`,
    );
  const url = new URL(req.url ?? "/", "http://localhost");
  if (req.method === "GET" && url.pathname === "/") {
    const nonce = randomBytes(16).toString("base64");
    securityHeaders(res, nonce, app.outside?.(url));
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(withShim(app.html(url), nonce, app.private ? secret : ""));
    return;
  }
  if (req.method === "GET" && url.pathname === "/favicon.ico") {
    // The page declares an empty icon; a browser that asks anyway gets "nothing", not a 404.
    securityHeaders(res);
    res.writeHead(204);
    res.end();
    return;
  }
  const rpc = /^\/rpc\/([A-Za-z]+)$/.exec(url.pathname);
  if (req.method === "POST" && rpc) {
    const name = rpc[1]!;
    const fn = Object.prototype.hasOwnProperty.call(app.rpc, name) ? app.rpc[name] : undefined;
    if (!fn) return sendJson(res, 404, { ok: false, error: "없는 기능입니다" });
    const refused = app.private ? privateRefusal(req, secret) : publicRefusal(req);
    if (refused) throw refused;
    const limit = app.maxBody ?? MAX_BODY;
    if (Number(req.headers["content-length"] ?? 0) > limit)
      throw new Refusal(413, "요청이 너무 큽니다", `요청 본문이 ${limit}바이트를 넘어 거절했습니다`);
    const body = await readBody(req, limit);
    if (body instanceof Refusal) throw body;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new Refusal(400, BAD_REQUEST, `${name}: JSON이 아닌 본문을 거절했습니다`);
    }
    const raw =
      parsed !== null && typeof parsed === "object" ? (parsed as { args?: unknown }).args : undefined;
    const kinds = app.params?.[name] ?? (Array.isArray(raw) ? raw.map(() => "text" as const) : []);
    const args = checkedArgs(raw, kinds);
    if (!args) throw new Refusal(400, BAD_REQUEST, `${name}: 인수의 형식이 맞지 않아 거절했습니다`);
    return sendJson(res, 200, { ok: true, value: await fn(host(), args) });
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
    app = customerApp(),
  } = options;
  const current = typeof host === "function" ? host : () => host;
  // A new secret each run: a page from an earlier run (or another site) cannot write.
  const secret = randomBytes(24).toString("hex");
  const server = createServer((req, res) => {
    beforeRequest()
      .then(() => handle(app, secret, current, req, res))
      .catch((error: unknown) => {
        // One line for the person at the terminal; the page (maybe a customer's) learns nothing of files.
        if (error instanceof Refusal) {
          console.error(error.log);
          if (!res.headersSent && !res.destroyed) {
            if (error.status === 413) {
              // The rest of the body is never read: close the connection once the answer is out.
              res.setHeader("Connection", "close");
              res.on("finish", () => req.destroy());
            }
            sendJson(res, error.status, { ok: false, error: error.message });
          }
          return;
        }
        console.error(
          error instanceof UserError
            ? error.message
            : `요청 하나를 처리하지 못했습니다: ${error instanceof Error ? error.message : "알 수 없는 오류"}`,
        );
        if (!res.headersSent && !res.destroyed)
          sendJson(res, 500, { ok: false, error: "지금은 조회할 수 없습니다" });
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
