/**
 * Every function Apps Script calls by name (menu items, triggers, doGet, google.script.run).
 * The build writes one top-level stub per name into dist/Code.js; a test checks them.
 */
export const ENTRY_POINTS = [
  "onOpen",
  "setupTabs",
  "installTriggers",
  "onEditInstalled",
  "reconcile",
  "rolloverToday",
  "refreshToday",
  "recomputeSchedule",
  "doGet",
  "lookupStatus",
  "lookupByToken",
  "showMessages",
  "getDueMessages",
  "markMessageSent",
  "showCourierExport",
  "courierFile",
  "showTrackingImport",
  "importTrackingText",
  "showPrintToday",
  "getTodayList",
  "showWebAppUrl",
] as const;
export type EntryPoint = (typeof ENTRY_POINTS)[number];
