/**
 * A local stand-in for Solapi's send API (issue 24), on 127.0.0.1, checking each request the way
 * the provider documents it (solapi/documents authentication/api-key.md): the Authorization
 * header `HMAC-SHA256 apiKey=…, date=…, salt=…, signature=…`, the signature the hex HMAC-SHA256
 * of date + salt keyed with the API secret, the date within 15 minutes of the server's clock, a
 * salt of 12 to 64 characters, and no signature used twice (DuplicatedSignature). Answers as
 * `POST /messages/v4/send-many/detail` does: `{ groupInfo, failedMessageList }`, or
 * `{ errorCode, errorMessage }` with a 4xx or 5xx.
 */
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { UrlFetchParams } from "../emulator/appsScript";

export interface ReceivedMessage {
  to: string;
  from: string;
  text: string;
  type?: string;
  subject?: string;
}

export interface FakeSolapi {
  url: string;
  /** Every message the provider accepted, in order. */
  accepted: ReceivedMessage[];
  /** Requests that reached the server (accepted or not). */
  requests: number;
  /** Signature problems seen (a correct client makes none). */
  refusedAuth: string[];
  /** `ok` (default), `500` (every request fails), or numbers whose message is refused. */
  mode: { kind: "ok" } | { kind: "500" } | { kind: "failTo"; numbers: string[] };
  close(): Promise<void>;
}

export type FakeState = Omit<FakeSolapi, "url" | "close">;

export function fakeSolapiState(): FakeState {
  return { accepted: [], requests: 0, refusedAuth: [], mode: { kind: "ok" } };
}

/**
 * The provider's answer to one request: the logic both the HTTP server below and the Apps
 * Script emulator's UrlFetchApp (test/gas/sms.test.ts) use.
 */
export function answerSolapi(
  fake: FakeState,
  used: Set<string>,
  apiKey: string,
  apiSecret: string,
  request: { method: string; path: string; authorization: string; body: string },
  /** The provider's clock (the emulator's, whose scripts sign with its time). */
  now: () => number = Date.now,
): { status: number; body: string } {
  fake.requests++;
  const reply = (status: number, answer: unknown) => ({ status, body: JSON.stringify(answer) });
  if (request.method !== "POST" || request.path !== "/messages/v4/send-many/detail")
    return reply(404, { errorCode: "NotFound", errorMessage: "없는 주소" });
  const auth = /^HMAC-SHA256 apiKey=([^,]+), date=([^,]+), salt=([^,]+), signature=([0-9a-f]{64})$/.exec(
    request.authorization,
  );
  const refuse = (code: string) => {
    fake.refusedAuth.push(code);
    return reply(403, { errorCode: code, errorMessage: code });
  };
  if (!auth) return refuse("InvalidAuthorizationHeader");
  const [, key, date, salt, signature] = auth as unknown as [string, string, string, string, string];
  if (key !== apiKey) return refuse("InvalidAPIKey");
  if (salt.length < 12 || salt.length > 64) return refuse("InvalidSalt");
  const at = Date.parse(date);
  if (!Number.isFinite(at) || Math.abs(at - now()) > 15 * 60_000) return refuse("RequestTimeTooSkewed");
  const expected = createHmac("sha256", apiSecret)
    .update(date + salt)
    .digest("hex");
  if (signature !== expected) return refuse("SignatureDoesNotMatch");
  if (used.has(signature)) return refuse("DuplicatedSignature");
  used.add(signature);
  if (fake.mode.kind === "500")
    return reply(500, { errorCode: "InternalError", errorMessage: "잠시 후 다시" });
  const { messages } = JSON.parse(request.body) as { messages: ReceivedMessage[] };
  const failTo = fake.mode.kind === "failTo" ? fake.mode.numbers : [];
  const failed = messages.filter((m) => failTo.includes(m.to));
  fake.accepted.push(...messages.filter((m) => !failTo.includes(m.to)));
  return reply(200, {
    groupInfo: { groupId: "G4V2026", status: "SENDING", count: { total: messages.length } },
    failedMessageList: failed.map((m) => ({
      to: m.to,
      from: m.from,
      type: m.type ?? "SMS",
      statusCode: "1062",
      statusMessage: "수신번호 형식 오류",
      country: "82",
      messageId: "M4V",
      accountId: "A",
    })),
  });
}

/** The provider on 127.0.0.1 (a free port), over real HTTP. */
export async function startFakeSolapi(apiKey: string, apiSecret: string): Promise<FakeSolapi> {
  const used = new Set<string>();
  const fake = fakeSolapiState();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const answer = answerSolapi(fake, used, apiKey, apiSecret, {
        method: req.method ?? "",
        path: req.url ?? "",
        authorization: String(req.headers.authorization ?? ""),
        body,
      });
      res.writeHead(answer.status, { "Content-Type": "application/json" });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as FakeSolapi;
}

/** The fake behind the emulator's UrlFetchApp: a fetch's url and params as the provider reads them. */
export function answerUrlFetch(
  fake: FakeState,
  used: Set<string>,
  apiKey: string,
  apiSecret: string,
  url: string,
  params: UrlFetchParams,
  now: () => number,
): { status: number; body: string } {
  return answerSolapi(
    fake,
    used,
    apiKey,
    apiSecret,
    {
      method: String(params.method ?? "get").toUpperCase(),
      path: new URL(url).pathname,
      authorization: params.headers?.Authorization ?? "",
      body: params.payload ?? "",
    },
    now,
  );
}
