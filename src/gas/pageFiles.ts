/**
 * A page's HTML, read from its file in the project (dist/<name>.html, pushed by clasp beside
 * Code.js) only when it is served: Apps Script loads every script file on every run, HTML files
 * only when asked for. HtmlService.createHtmlOutputFromFile: "Creates a new HtmlOutput object
 * from a file in the code editor" (https://developers.google.com/apps-script/reference/html/html-service#createHtmlOutputFromFile(String)).
 */
import type { PageName } from "../web/pages";

export function pageText(name: PageName): string {
  return HtmlService.createHtmlOutputFromFile(name).getContent();
}
