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
