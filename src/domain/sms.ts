/**
 * Messages that send themselves (issue 24): which of the due messages go out by SMS now, as
 * what, and which wait and why. Pure: the caller gives the due messages, the clock, what 이력
 * says was sent today and the settings; the use case (src/app/sms.ts) sends and records.
 *
 * - A message is SMS when its text is at most 90 bytes in EUC-KR (the carriers' limit; the
 *   providers count every non-ASCII character as 2 bytes, as CP949 does), LMS up to 2,000
 *   bytes, and is not sent by text at all beyond (copy-paste stays).
 * - Never between 21:00 and 08:00 Seoul time (정보통신망법 제50조 asks consent for ads at
 *   night; a shop's notice at 22:30 is not welcome either): they wait for 08:00.
 * - Never more than 설정's daily maximum counted over the Seoul day; the rest wait for tomorrow.
 * - Only to a mobile number (01x) that passed validation, written as digits only.
 */
import { seoulTimeOfDay } from "./clock";
import { EVENT } from "./events";
import { normalizePhone } from "./validation";

export type SmsType = "SMS" | "LMS";

export const SMS_MAX_BYTES = 90;
export const LMS_MAX_BYTES = 2000;
/** What Solapi charges an individual, in won (its price page, 2026: about 20 an SMS, 50 an LMS). */
export const SMS_PRICE_KRW: Record<SmsType, number> = { SMS: 20, LMS: 50 };
/** Quiet hours, Seoul wall clock: from 21:00 to 08:00. */
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;

/** Bytes of `text` in EUC-KR / CP949: 1 for ASCII, 2 for anything else (Hangul, symbols). */
export function eucKrBytes(text: string): number {
  let bytes = 0;
  for (const ch of text) bytes += ch.codePointAt(0)! < 0x80 ? 1 : 2;
  return bytes;
}

/** SMS up to 90 bytes, LMS up to 2,000, null beyond (not sendable as a text message). */
export function smsTypeOf(text: string): SmsType | null {
  const bytes = eucKrBytes(text);
  if (bytes <= SMS_MAX_BYTES) return "SMS";
  return bytes <= LMS_MAX_BYTES ? "LMS" : null;
}

/** True between 21:00 and 08:00 in Seoul. */
export function inQuietHours(now: Date): boolean {
  const hour = Math.floor(seoulTimeOfDay(now) / 3_600_000);
  return hour >= QUIET_FROM_HOUR || hour < QUIET_UNTIL_HOUR;
}

/** A mobile number as the provider wants it (digits only), or null when it is none. */
export function smsNumber(phone: unknown): string | null {
  const normalized = normalizePhone(phone);
  if (!normalized.ok) return null;
  const digits = normalized.value.replace(/\D/g, "");
  return /^01[016789]\d{7,8}$/.test(digits) ? digits : null;
}

/** A sender number registered with the provider: any valid Korean number, digits only. */
export function senderNumber(phone: unknown): string | null {
  const normalized = normalizePhone(phone);
  return normalized.ok ? normalized.value.replace(/\D/g, "") : null;
}

/**
 * Every mobile number a phone cell names, as digits: a cell Tony typed may hold two numbers
 * (`010 1234 5678 / 02-123-4567`) or the international form (`82-10-…`, `+82 10-…`).
 */
function mobilesIn(phone: unknown): Set<string> {
  const found = new Set<string>();
  const whole = smsNumber(phone);
  if (whole) found.add(whole);
  for (const part of String(phone ?? "").split(/[/,;|\n]+/)) {
    let digits = part.replace(/\D/g, "");
    if (digits.startsWith("82")) digits = `0${digits.slice(2).replace(/^0/, "")}`;
    if (/^01[016789]\d{7,8}$/.test(digits)) found.add(digits);
  }
  return found;
}

/**
 * Who gets a shipping notice of their own besides the orderer (설정 '발송 안내 받는 분에게도'):
 * each distinct mobile number among the recipients' that is none of the orderer's (compared as
 * digits, every number the orderer's cell names), with the recipients (by index) it covers, in
 * the order they first appear. A phone
 * that fails validation or is not a mobile gets none: the orderer's notice covers it.
 */
export function recipientTargets(
  ordererPhone: unknown,
  recipientPhones: readonly unknown[],
): { to: string; recipients: number[] }[] {
  const orderer = mobilesIn(ordererPhone);
  const targets = new Map<string, number[]>();
  recipientPhones.forEach((phone, i) => {
    const to = smsNumber(phone);
    if (to && !orderer.has(to)) targets.set(to, [...(targets.get(to) ?? []), i]);
  });
  return [...targets].map(([to, recipients]) => ({ to, recipients }));
}

/** A message the messages sidebar offers, as far as sending needs it. */
export interface SmsCandidate {
  id: string;
  orderCode: string;
  label: string;
  text: string;
  phone: string;
  /** 설정 lacks what the message needs: it says so instead, and is never sent. */
  blocked?: boolean;
  /**
   * The phone came from an anonymous visitor of the order page and nobody has paid yet: anyone
   * can type a stranger's number there, so nothing is texted to it before a payment.
   */
  unverified?: boolean;
  /** Sending runs that tried this message and failed (이력's 문자 못 보냄 lines). */
  failedTries?: number;
}

/**
 * A message is tried this many times, then left to Tony: a provider that keeps failing it (a
 * number out of service, an answer that cannot tell which message failed, so a whole request is
 * retried) would otherwise text the rest again, or fail, at every run all season.
 */
export const SMS_MAX_TRIES = 3;

export interface SmsSettings {
  smsSending: "off" | "solapi" | "paused";
  smsFrom: string;
  smsDailyMax: number;
}

export interface SmsOutgoing {
  id: string;
  orderCode: string;
  label: string;
  to: string;
  text: string;
  type: SmsType;
}

export interface SmsWaiting {
  id: string;
  orderCode: string;
  label: string;
  reason: string;
}

export interface SmsPlan {
  /** The sender number, digits only ("" when nothing can be sent). */
  from: string;
  send: SmsOutgoing[];
  waiting: SmsWaiting[];
  /** One Korean line for Tony when the whole run is held (night, pause, the day's maximum). */
  held: string | null;
}

export const SMS_REASON = {
  off: "문자 자동 발송이 꺼져 있습니다 (설정 '문자 자동 발송')",
  paused: "문자 발송을 멈춰 두었습니다 (설정 '문자 자동 발송'이 멈춤)",
  noSender: "설정의 '문자 보내는 번호'를 먼저 적어 주세요",
  night: "밤 9시부터 아침 8시까지는 보내지 않습니다. 아침 8시 뒤에 보냅니다",
  dailyMax: (max: number) => `오늘 보낼 수 있는 ${max}건을 다 보냈습니다. 내일 보냅니다`,
  blocked: "설정을 먼저 채워야 보낼 수 있습니다",
  badPhone: "주문자 전화번호가 휴대전화 번호가 아니어서 문자로 보낼 수 없습니다. 복사해 보내 주세요",
  tooLong: `${LMS_MAX_BYTES}바이트가 넘어 문자로 보낼 수 없습니다. 복사해 보내 주세요`,
  gaveUp: `${SMS_MAX_TRIES}번 보내지 못해 더 보내지 않습니다 (이유는 오류 탭에). 복사해 보내고 '보냄'을 눌러 주세요`,
  unverified:
    "웹 주문의 전화번호로는 입금이 확인되기 전에 문자를 보내지 않습니다 (주문 페이지가 입금 안내를 이미 보여 주었습니다). 필요하면 복사해 보내 주세요",
} as const;

/**
 * What to send now. `sentToday`: messages 이력 shows were sent by SMS since Seoul midnight.
 * Every candidate is either sent or waits with a reason; the order of the candidates is kept,
 * so the oldest messages go first when the day's maximum cuts the list.
 */
export function planSms(
  candidates: readonly SmsCandidate[],
  settings: SmsSettings,
  now: Date,
  sentToday: number,
): SmsPlan {
  const from = senderNumber(settings.smsFrom) ?? "";
  const whole =
    settings.smsSending === "off"
      ? SMS_REASON.off
      : settings.smsSending === "paused"
        ? SMS_REASON.paused
        : from === ""
          ? SMS_REASON.noSender
          : inQuietHours(now)
            ? SMS_REASON.night
            : null;
  const wait = (c: SmsCandidate, reason: string): SmsWaiting => ({
    id: c.id,
    orderCode: c.orderCode,
    label: c.label,
    reason,
  });
  if (whole)
    return {
      from: whole === SMS_REASON.night ? from : "",
      send: [],
      waiting: candidates.map((c) => wait(c, whole)),
      held: whole,
    };
  const send: SmsOutgoing[] = [];
  const waiting: SmsWaiting[] = [];
  let room = Math.max(0, settings.smsDailyMax - sentToday);
  let capped = false;
  for (const c of candidates) {
    const to = smsNumber(c.phone);
    const type = smsTypeOf(c.text);
    if (c.blocked) waiting.push(wait(c, SMS_REASON.blocked));
    else if (c.unverified) waiting.push(wait(c, SMS_REASON.unverified));
    else if ((c.failedTries ?? 0) >= SMS_MAX_TRIES) waiting.push(wait(c, SMS_REASON.gaveUp));
    else if (!to) waiting.push(wait(c, SMS_REASON.badPhone));
    else if (!type) waiting.push(wait(c, SMS_REASON.tooLong));
    else if (room === 0) {
      capped = true;
      waiting.push(wait(c, SMS_REASON.dailyMax(settings.smsDailyMax)));
    } else {
      room--;
      send.push({ id: c.id, orderCode: c.orderCode, label: c.label, to, text: c.text, type });
    }
  }
  return { from, send, waiting, held: capped ? SMS_REASON.dailyMax(settings.smsDailyMax) : null };
}

/** Won for what was sent. */
export function smsCost(types: readonly SmsType[]): number {
  return types.reduce((won, t) => won + SMS_PRICE_KRW[t], 0);
}

/**
 * Requests that never name one number twice: the provider's answer lists failures by number,
 * so two messages to one phone in one request could not be told apart.
 */
export function smsBatches<T extends { to: string }>(messages: readonly T[]): T[][] {
  const batches: T[][] = [];
  const round = new Map<string, number>();
  for (const m of messages) {
    const r = round.get(m.to) ?? 0;
    round.set(m.to, r + 1);
    (batches[r] ??= []).push(m);
  }
  return batches;
}

/** 이력's 내용 of a message sent by text: `문자(SMS) 660-551:shipped:1`; by hand it is the bare id. */
export const smsDetail = (type: SmsType, id: string): string => `문자(${type}) ${id}`;

/** The message id in a 이력 내용 written by smsDetail, or null. */
export function smsIdInDetail(detail: string): string | null {
  const m = /^문자\((?:SMS|LMS)\) (.+)$/.exec(detail);
  return m ? m[1]! : null;
}

/** How many sending runs failed each message: its 문자 못 보냄 lines in 이력 (SMS_MAX_TRIES). */
export function failedTries(events: readonly { event: string; detail: string }[]): Map<string, number> {
  const tries = new Map<string, number>();
  for (const e of events) {
    const id = e.event === EVENT.messageFailed ? smsIdInDetail(e.detail) : null;
    if (id) tries.set(id, (tries.get(id) ?? 0) + 1);
  }
  return tries;
}

/** The type of a 이력 내용 written by smsDetail, or null (a message marked sent by hand). */
export function smsTypeInDetail(detail: string): SmsType | null {
  const m = /^문자\((SMS|LMS)\) /.exec(detail);
  return m ? (m[1] as SmsType) : null;
}

/**
 * What the messages sidebar and the tools page say of one due message (Tony stays in charge):
 * it failed (why, in Korean: never the provider's words, which stay in 오류), it waits (why), or
 * it goes with the next sending run. Messages already sent by text are no longer due; the page
 * lists them apart (`SmsSentLine`).
 */
export interface SmsStatus {
  state: "failed" | "waiting" | "next";
  reason: string;
}

export const SMS_NEXT = "다음 자동 발송 때 문자로 보냅니다";
export const SMS_NO_KEY =
  "솔라피 열쇠가 없습니다 (시트: 메뉴 '문자 발송 설정', 내 컴퓨터: SOLAPI_API_KEY·SOLAPI_API_SECRET)";

/**
 * A failure as Tony reads it, from the reason src/app/sms.ts wrote to 오류 (that row keeps the
 * provider's own words for whoever needs them).
 */
export function smsFailureReason(raw: string): string {
  const status = Number(/HTTP (\d{3})/.exec(raw)?.[1] ?? 0);
  const why = raw.startsWith("솔라피에 연결하지")
    ? "솔라피에 연결하지 못했습니다"
    : status === 401 || status === 403
      ? "솔라피가 열쇠를 받지 않았습니다 (메뉴 '문자 발송 설정'에서 확인)"
      : status >= 500
        ? "솔라피 쪽 문제로 보내지 못했습니다"
        : status >= 400
          ? "솔라피가 요청을 받지 않았습니다 (잔액·발신번호를 확인, 자세한 이유는 오류 탭)"
          : raw.includes("이 메시지를")
            ? "솔라피가 이 번호로 보내지 않았습니다 (자세한 이유는 오류 탭)"
            : "보내지 못했습니다 (자세한 이유는 오류 탭)";
  return `${why}. 다음 발송 때 다시 보냅니다`;
}

/**
 * Each planned message's status: `failures` maps a message id to the reason 오류 holds for it
 * (unresolved); `hasKey`: the host has the provider's key and secret.
 */
export function smsStatuses(
  plan: SmsPlan,
  failures: ReadonlyMap<string, string>,
  hasKey: boolean,
): Map<string, SmsStatus> {
  const statuses = new Map<string, SmsStatus>();
  for (const w of plan.waiting) statuses.set(w.id, { state: "waiting", reason: w.reason });
  for (const m of plan.send)
    statuses.set(
      m.id,
      hasKey ? { state: "next", reason: SMS_NEXT } : { state: "waiting", reason: SMS_NO_KEY },
    );
  for (const [id, raw] of failures) {
    const now = statuses.get(id);
    // Sending off: copy-paste is the path, an old failure no longer matters.
    if (!now || plan.held === SMS_REASON.off) continue;
    const failed = smsFailureReason(raw);
    statuses.set(id, {
      state: "failed",
      reason: now.state === "waiting" ? `${failed} · ${now.reason}` : failed,
    });
  }
  return statuses;
}
