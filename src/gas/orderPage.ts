/**
 * The order page on Apps Script: public customer functions of the web app (anyone may call them
 * through google.script.run, with anything). Thin: the script lock, a pending store in script
 * properties for the moments the lock is busy, and src/app/orderPage for the deciding.
 */
import {
  orderForm,
  placeOrder as placeOrderIn,
  quoteOrder as quoteOrderIn,
  type OrderDesk,
  type PageAnswer,
} from "../app/orderPage";
import { applyPendingOrders, type PendingOrder, type PendingStore } from "../app/orderAppend";
import type { Host } from "../app/port";
import { orderPageHtml } from "../web/pages";
import { pageText } from "./pageFiles";
import { gasHost, release, scriptLock } from "./host";
import { propertyJournal } from "./pending";

export const SPREADSHEET_ID_PROPERTY = "SPREADSHEET_ID";
const PENDING_PREFIX = "peach:pending-order:";
/** A web request waits this long for a reconcile or another order; then the order waits instead. */
const ORDER_LOCK_WAIT_MS = 10_000;
const UNAVAILABLE = "지금은 주문할 수 없습니다. 잠시 후 다시 시도하거나 카카오톡으로 주문해 주세요";

/** A web app execution has no active spreadsheet: the sheet is opened by the id setup stored. */
export function webHost(): Host {
  return gasHost(() => {
    const id = PropertiesService.getScriptProperties().getProperty(SPREADSHEET_ID_PROPERTY);
    if (!id)
      throw new Error(
        "시트가 아직 준비되지 않았습니다. 시트 메뉴에서 '탭 만들기 / 고치기'를 먼저 실행하세요",
      );
    return SpreadsheetApp.openById(id);
  });
}

/** The orders a busy moment left pending, oldest first (one script property per order). */
export const pendingInProperties = (stored?: Record<string, string>): PendingStore =>
  propertyJournal<PendingOrder>(
    PENDING_PREFIX,
    (order) => order.code,
    stored,
    (a, b) => a.at - b.at || (a.code < b.code ? -1 : 1),
  );

function desk(): OrderDesk {
  return {
    locked: (body) => {
      const lock = scriptLock();
      if (!lock || !lock.tryLock(ORDER_LOCK_WAIT_MS)) return false;
      try {
        body();
      } finally {
        release(lock);
      }
      // Tony's edits noted while this held the lock are not carried here (editNotes.ts): a web
      // execution may have no active spreadsheet, the customer's page waits for this answer,
      // and a slow answer invites a second order. The next holder or the reconcile carries them.
      return true;
    },
    pending: pendingInProperties(),
  };
}

/** Failures reach the page as the same kind of answer, never as a stack trace. */
function answer<T>(run: () => PageAnswer<T>): PageAnswer<T> {
  try {
    return run();
  } catch (error) {
    console.error(error);
    return { ok: false, error: UNAVAILABLE, errors: [] };
  }
}

/** The order page, with the web app's own address for its links. */
export function orderPageOutput(baseUrl: string): GoogleAppsScript.HTML.HtmlOutput {
  return HtmlService.createHtmlOutput(orderPageHtml(pageText("order"), pageText("status"), baseUrl))
    .setTitle("복숭아 주문하기")
    .addMetaTag("viewport", "width=device-width, initial-scale=1");
}

/** The deployed web app's address, safe inside an HTML attribute ("" before deployment). */
export function webAppBase(): string {
  let url: string;
  try {
    url = ScriptApp.getService().getUrl() || "";
  } catch {
    url = ""; // not deployed yet
  }
  return /^https:\/\/[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]*$/.test(url) ? url.replace(/["'<>&]/g, "") : "";
}

export function getOrderForm() {
  return answer(() => orderForm(webHost()));
}

export function quoteOrder(order: unknown) {
  return answer(() => quoteOrderIn(webHost(), order));
}

export function placeOrder(order: unknown) {
  return answer(() => placeOrderIn(webHost(), order, desk()));
}

/** The reconcile's first step (under its lock): orders left pending go into 주문. */
export function applyPendingWebOrders(host: Host, stored: Record<string, string>): void {
  applyPendingOrders(host, pendingInProperties(stored));
}
