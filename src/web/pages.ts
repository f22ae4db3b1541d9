/**
 * The order page wears the status page's look: its own styles are added to the status page's
 * (one home for the look), and its links point at the web app's own address.
 */
import ORDER_PAGE from "./order.html";
import STATUS_PAGE from "./status.html";

const STATUS_STYLES = STATUS_PAGE.slice(
  STATUS_PAGE.indexOf("<style>") + "<style>".length,
  STATUS_PAGE.indexOf("</style>"),
);

/** The order page; `base` is the web app's address ("" when the page is served from it directly). */
export function orderPageHtml(base: string): string {
  return ORDER_PAGE.replace("<style>", `<style>${STATUS_STYLES}`).replace("__BASE__", base);
}

/**
 * What the order page's 우편번호 찾기 loads from outside, and only when tapped: the Daum (Kakao)
 * postcode service's script (https://t1.daumcdn.net/mapjsapi/bundle/postcode/prod/postcode.v2.js,
 * which loads the rest of itself from the same host) and the search frame it embeds. The local
 * server's Content-Security-Policy names these hosts for the order page and nothing else.
 */
export const POSTCODE_SOURCES: OutsideSources = {
  script: ["https://t1.daumcdn.net"],
  frame: ["https://postcode.map.daum.net"],
};

/** Outside hosts a page may load from, by Content-Security-Policy directive. */
export interface OutsideSources {
  script?: readonly string[];
  frame?: readonly string[];
}
