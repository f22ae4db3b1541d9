/**
 * The pages and how they are put together. On Apps Script each page ships as its own HTML file
 * beside Code.js (scripts/build.mjs writes dist/<name>.html) and is read only when it is served,
 * so the script every run loads does not carry them; the local server bundles them as text.
 */

/** Every page, by the file name it ships under (dist/<name>.html, src/web/<name>.html). */
export const PAGE_NAMES = [
  "status",
  "order",
  "payments",
  "messages",
  "courier",
  "tracking",
  "print",
] as const;
export type PageName = (typeof PAGE_NAMES)[number];

/**
 * The order page wears the status page's look: its own styles are added to the status page's
 * (one home for the look), and its links point at the web app's own address (`base`, "" when the
 * page is served from it directly).
 */
export function orderPageHtml(orderPage: string, statusPage: string, base: string): string {
  const styles = statusPage.slice(
    statusPage.indexOf("<style>") + "<style>".length,
    statusPage.indexOf("</style>"),
  );
  return orderPage.replace("<style>", `<style>${styles}`).replace("__BASE__", base);
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
