/**
 * Messages that send themselves (issue 24): the messages the sidebar offers, sent by SMS through
 * Solapi, each once. Read → decide → send → write, in two steps so that either host can do the
 * sending its own way (UrlFetchApp is synchronous, node's fetch is not):
 *
 *   const run = prepareSms(host, settings, gateway);   // reads 주문 and 이력, plans, signs
 *   const answers = run.requests.map(send);            // the host posts each request
 *   const report = run.finish(answers);                 // 이력 (보냄, actor 문자) and 오류
 *
 * A message is marked sent only on the provider's accepted answer; a failure (no connection, a
 * 4xx or 5xx, the message in the answer's failedMessageList) lands in 오류 with the provider's
 * reason and the message stays due, so the next run tries again. The API secret signs the
 * requests and is never written anywhere: every reason is scrubbed of the key and the secret.
 *
 * Solapi's protocol (docs/sms.md cites it): `POST {base}/messages/v4/send-many/detail`, header
 * `Authorization: HMAC-SHA256 apiKey=…, date=<ISO 8601>, salt=<12–64 random chars>,
 * signature=<hex HMAC-SHA256(secret, date + salt)>`; the answer `{ groupInfo, failedMessageList:
 * [{ to, statusCode, statusMessage, customFields? }] }`; errors `{ errorCode, errorMessage }`.
 */
import { seoulDateOf, seoulDateTimeOf } from "../domain/clock";
import { EVENT } from "../domain/events";
import type { Settings } from "../domain/schemas";
import {
  planSms,
  smsBatches,
  smsCost,
  smsDetail,
  failedTries,
  smsStatuses,
  smsTypeInDetail,
  type SmsCandidate,
  type SmsOutgoing,
  type SmsStatus,
  type SmsType,
  type SmsPlan,
  type SmsWaiting,
} from "../domain/sms";
import { Journal, readEvents, type LoggedEvent } from "./journal";
import { dueMessages, type DueMessage, type HeldOrder } from "./messages";
import type { Host } from "./port";
import { Table } from "./table";
import { tab } from "../templates";

export const SOLAPI_BASE_URL = "https://api.solapi.com";
export const SOLAPI_SEND_PATH = "/messages/v4/send-many/detail";

export interface SmsCredentials {
  apiKey: string;
  apiSecret: string;
}

/** What a host gives the use case for sending: the secret, the signing and the clock. */
export interface SmsGateway {
  credentials: SmsCredentials | null;
  /** The API base (PEACH_SOLAPI_URL overrides it). */
  baseUrl: string;
  /** Hex HMAC-SHA256 of `data` with `key` (node:crypto, or Utilities.computeHmacSha256Signature). */
  hmacSha256Hex(key: string, data: string): string;
  /** The real time the signature carries (the provider refuses ±15 minutes), whatever host.now() says. */
  signedAt?: () => Date;
}

export interface SmsRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  messages: SmsOutgoing[];
}

/** The provider's answer to one request, or the reason none came. */
export type HttpAnswer = { status: number; body: string } | { error: string };

export interface SmsFailure {
  id: string;
  orderCode: string;
  label: string;
  reason: string;
  /** The provider took the request but refused this number (retrying soon rarely helps). */
  numberRefused?: true;
}

export interface SmsReport {
  sent: SmsOutgoing[];
  failed: SmsFailure[];
  waiting: SmsWaiting[];
  /** Won for what this run sent. */
  costKrw: number;
  /** Won for everything sent by text since Seoul midnight, this run included. */
  todayCostKrw: number;
  sentToday: number;
  /** One line for Tony when the run was held (night, paused, the day's maximum). */
  held: string | null;
}

export interface SmsRun {
  plan: SmsPlan;
  requests: SmsRequest[];
  /** What 이력 showed before this run. */
  sentToday: number;
  todayCostKrw: number;
  finish(answers: readonly HttpAnswer[]): SmsReport;
}

/** A message sent by text today, as the messages page lists it. */
export interface SmsSentLine {
  orderCode: string;
  label: string;
  /** Seoul wall clock, `HH:MM`. */
  time: string;
  type: SmsType;
}

/** Messages sent by text since Seoul midnight, and their cost, from 이력. */
export function smsToday(
  host: Host,
  events: readonly LoggedEvent[] = readEvents(host.workbook, host.now()),
): { count: number; costKrw: number; lines: SmsSentLine[] } {
  const today = seoulDateOf(host.now());
  const lines: SmsSentLine[] = [];
  for (const e of events) {
    const type = e.event === EVENT.messageSent && e.at > 0 ? smsTypeInDetail(e.detail) : null;
    if (type && seoulDateOf(new Date(e.at)) === today)
      lines.push({
        orderCode: e.orderCode,
        label: e.to,
        time: seoulDateTimeOf(new Date(e.at)).slice(11, 16),
        type,
      });
  }
  return { count: lines.length, costKrw: smsCost(lines.map((l) => l.type)), lines };
}

/** The due messages as sending sees them: to the orderer, or to the recipient a shipping notice names. */
const candidatesOf = (due: readonly DueMessage[], tries: ReadonlyMap<string, number>): SmsCandidate[] =>
  // A note for Tony (forSeller) never goes to the orderer's phone.
  due
    .filter((m) => !m.forSeller)
    .map((m) => ({
      id: m.id,
      orderCode: m.orderCode,
      label: m.label,
      text: m.text,
      phone: m.recipientPhone ?? m.ordererPhone,
      ...(m.blocked ? { blocked: true } : {}),
      ...(m.unverified ? { unverified: true } : {}),
      ...(tries.has(m.id) ? { failedTries: tries.get(m.id)! } : {}),
    }));

/** Failed messages 오류 still holds (unresolved rows keyed `sms:<id>`), with the reason written. */
function smsFailures(host: Host): Map<string, string> {
  const failures = new Map<string, string>();
  const sheet = host.workbook.sheet(tab("problems").name);
  if (!sheet) return failures;
  const table = Table.read(tab("problems"), sheet);
  for (let r = 0; r < table.rowCount; r++) {
    const key = table.text(r, "problemKey");
    if (key.startsWith("sms:") && table.get(r, "resolved") !== true)
      failures.set(key.slice(4), table.text(r, "raw"));
  }
  return failures;
}

/** What the messages page shows of sending: the mode, today's count and cost, what went, each due message's status. */
export interface SmsOverview {
  mode: Settings["smsSending"];
  sentToday: number;
  todayCostKrw: number;
  sent: SmsSentLine[];
  statuses: Record<string, SmsStatus>;
}

export function smsOverview(
  host: Host,
  settings: Settings,
  due: readonly DueMessage[],
  hasKey: boolean,
): SmsOverview {
  const events = readEvents(host.workbook, host.now());
  const today = smsToday(host, events);
  const plan = planSms(candidatesOf(due, failedTries(events)), settings, host.now(), today.count);
  return {
    mode: settings.smsSending,
    sentToday: today.count,
    todayCostKrw: today.costKrw,
    sent: today.lines,
    // Off: copy-paste is the only path, said once at the top, not on every message.
    statuses:
      settings.smsSending === "off" ? {} : Object.fromEntries(smsStatuses(plan, smsFailures(host), hasKey)),
  };
}

const SALT_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The Authorization header Solapi documents (authentication/api-key.md). */
export function solapiAuthorization(
  credentials: SmsCredentials,
  date: string,
  salt: string,
  hmacSha256Hex: SmsGateway["hmacSha256Hex"],
): string {
  const signature = hmacSha256Hex(credentials.apiSecret, date + salt);
  return `HMAC-SHA256 apiKey=${credentials.apiKey}, date=${date}, salt=${salt}, signature=${signature}`;
}

/**
 * Plans the run and builds its signed requests (none without credentials: a dry run, or a host
 * that has none, still gets the plan). `statusBaseUrl`: the status page's address for the links.
 */
export function prepareSms(
  host: Host,
  settings: Settings,
  gateway: SmsGateway,
  statusBaseUrl = settings.statusPageUrl,
  held?: HeldOrder[],
): SmsRun {
  // 이력 read once, for what is due and for what went today.
  const events = readEvents(host.workbook, host.now());
  const due = dueMessages(host, settings, statusBaseUrl, held, events);
  const today = smsToday(host, events);
  const plan = planSms(candidatesOf(due, failedTries(events)), settings, host.now(), today.count);
  const requests: SmsRequest[] = [];
  const credentials = gateway.credentials;
  if (credentials && plan.send.length > 0) {
    const url = gateway.baseUrl.replace(/\/+$/, "") + SOLAPI_SEND_PATH;
    const subject = settings.sellerName.slice(0, 20);
    for (const batch of smsBatches(plan.send)) {
      const date = (gateway.signedAt?.() ?? new Date()).toISOString();
      const salt = Array.from(host.random(32), (b) => SALT_ALPHABET[b % SALT_ALPHABET.length]).join("");
      requests.push({
        url,
        headers: {
          "Content-Type": "application/json",
          Authorization: solapiAuthorization(credentials, date, salt, gateway.hmacSha256Hex),
        },
        body: JSON.stringify({
          messages: batch.map((m) => ({
            to: m.to,
            from: plan.from,
            text: m.text,
            type: m.type,
            ...(m.type === "LMS" ? { subject } : {}),
          })),
        }),
        messages: batch,
      });
    }
  }
  return {
    plan,
    requests,
    sentToday: today.count,
    todayCostKrw: today.costKrw,
    finish: (answers) => finishSms(host, plan, requests, answers, today, credentials),
  };
}

/** A reason from the provider, as 오류 may show it: short, one line, no key, no secret. */
function scrub(text: string, credentials: SmsCredentials | null): string {
  let clean = text.replace(/\s+/g, " ").trim();
  for (const secret of [credentials?.apiSecret, credentials?.apiKey])
    if (secret) clean = clean.split(secret).join("…");
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

interface Outcome {
  failed: Map<string, string>;
  /**
   * The provider answered 2xx: what it took may have gone even if the answer cannot say which,
   * so each failure here counts toward SMS_MAX_TRIES. No answer or an HTTP error sent nothing:
   * those are retried without counting.
   */
  counted?: boolean;
  /** Failed messages whose number the provider refused (the rest of the request went). */
  refusedNumbers?: Set<string>;
}

/** Which messages of one request the provider did not accept, and why. */
function outcomeOf(request: SmsRequest, answer: HttpAnswer | undefined): Outcome {
  const all = (reason: string) => ({ failed: new Map(request.messages.map((m) => [m.id, reason])) });
  if (!answer) return all("보내지 않았습니다");
  if ("error" in answer) return all(`솔라피에 연결하지 못했습니다: ${answer.error}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    parsed = null;
  }
  const object = (parsed && typeof parsed === "object" ? parsed : {}) as Record<string, unknown>;
  if (answer.status < 200 || answer.status >= 300) {
    const code = typeof object.errorCode === "string" ? ` ${object.errorCode}` : "";
    const message = typeof object.errorMessage === "string" ? `: ${object.errorMessage}` : "";
    return all(`솔라피가 받지 않았습니다 (HTTP ${answer.status}${code}${message})`);
  }
  const list = object.failedMessageList;
  if (!Array.isArray(list) || typeof object.groupInfo !== "object" || object.groupInfo === null)
    return { ...all(`솔라피의 답을 읽을 수 없습니다 (HTTP ${answer.status})`), counted: true };
  const failed = new Map<string, string>();
  for (const item of list as Record<string, unknown>[]) {
    // Each number appears once per request (smsBatches), so the number names the message; the
    // provider may write it internationally (+82 10-…).
    const digits = String(item?.to ?? "").replace(/\D/g, "");
    const to = digits.startsWith("82") ? `0${digits.slice(2)}` : digits;
    const message = request.messages.find((m) => m.to === to);
    const why = `${String(item?.statusCode ?? "")} ${String(item?.statusMessage ?? "")}`.trim();
    if (message) failed.set(message.id, `솔라피가 이 메시지를 받지 않았습니다 (${why || "이유 없음"})`);
    // A failure naming no number, or one this request did not hold: which message failed cannot
    // be told, so nothing of this request counts as accepted (never marked sent unsent).
    else return { ...all(`솔라피가 받지 않았습니다 (${why || "이유 없음"})`), counted: true };
  }
  return { failed, refusedNumbers: new Set(failed.keys()), counted: true };
}

function finishSms(
  host: Host,
  plan: SmsPlan,
  requests: readonly SmsRequest[],
  answers: readonly HttpAnswer[],
  today: { count: number; costKrw: number },
  credentials: SmsCredentials | null,
): SmsReport {
  const journal = new Journal();
  const sent: SmsOutgoing[] = [];
  const failed: SmsFailure[] = [];
  requests.forEach((request, i) => {
    const { failed: refused, refusedNumbers, counted } = outcomeOf(request, answers[i]);
    for (const m of request.messages) {
      const reason = refused.get(m.id);
      if (reason === undefined) {
        sent.push(m);
        journal.log({
          actor: "sms",
          orderCode: m.orderCode,
          rowId: "",
          event: EVENT.messageSent,
          to: m.label,
          detail: smsDetail(m.type, m.id),
        });
        journal.checked({ kind: "sms", id: m.id });
      } else {
        const why = scrub(reason, credentials);
        failed.push({
          id: m.id,
          orderCode: m.orderCode,
          label: m.label,
          reason: why,
          ...(refusedNumbers?.has(m.id) ? { numberRefused: true as const } : {}),
        });
        if (counted)
          journal.log({
            actor: "sms",
            orderCode: m.orderCode,
            rowId: "",
            event: EVENT.messageFailed,
            to: m.label,
            detail: smsDetail(m.type, m.id),
          });
        journal.problem({
          key: { kind: "sms", id: m.id },
          tab: "문자",
          orderCode: m.orderCode,
          field: "문자 발송",
          message: `${m.label} 문자를 보내지 못했습니다. 다음 점검 때 다시 보냅니다 (급하면 복사해 보내고 '보냄'을 누르세요)`,
          raw: why,
        });
      }
    }
  });
  journal.flush(host.workbook, host.now());
  const costKrw = smsCost(sent.map((m) => m.type));
  return {
    sent,
    failed,
    waiting: plan.waiting,
    costKrw,
    todayCostKrw: today.costKrw + costKrw,
    sentToday: today.count + sent.length,
    held: plan.held,
  };
}
