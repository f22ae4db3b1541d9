/**
 * Every function Apps Script calls by name (menu items, triggers, doGet, google.script.run),
 * with who may call it. The build writes one top-level stub per name into dist/Code.js, and
 * every stub goes through the gate (surface.ts) for its kind; a test checks them.
 *
 * - `customer`: anyone, anonymously, from the public web app (the page and its lookups).
 * - `menu`: a menu item; runs only under the caller's own authority (an editor's click).
 * - `page:<menu item>`: called by the sidebar or dialog that menu item opened; needs the
 *   per-opening key that only that page was given.
 * - `trigger`: an installable trigger's handler; runs only for an event an installed trigger of
 *   this project sent.
 * - `open`: the simple onOpen trigger; builds the menu and reads nothing.
 */
export const ENTRY_POINTS = {
  onOpen: "open",
  setupTabs: "menu",
  installTriggers: "menu",
  onEditInstalled: "trigger",
  reconcile: "trigger",
  rolloverToday: "trigger",
  refreshToday: "menu",
  recomputeSchedule: "menu",
  delayHarvestMenu: "menu",
  doGet: "customer",
  lookupStatus: "customer",
  lookupByToken: "customer",
  answerDelay: "customer",
  getOrderForm: "customer",
  quoteOrder: "customer",
  placeOrder: "customer",
  showMessages: "menu",
  getDueMessages: "page:showMessages",
  markMessageSent: "page:showMessages",
  setSmsPaused: "page:showMessages",
  showCourierExport: "menu",
  courierFile: "page:showCourierExport",
  showTrackingImport: "menu",
  importTrackingText: "page:showTrackingImport",
  showPrintToday: "menu",
  getTodayList: "page:showPrintToday",
  showPaymentImport: "menu",
  previewBankPayments: "page:showPaymentImport",
  applyBankPayments: "page:showPaymentImport",
  showSmsSettings: "menu",
  showWebAppUrl: "menu",
  archiveHistory: "menu",
  diagnose: "menu",
} as const satisfies Record<string, EntryKind>;

export type EntryKind = "customer" | "menu" | "trigger" | "open" | `page:${string}`;
export type EntryPoint = keyof typeof ENTRY_POINTS;
export const ENTRY_POINT_NAMES = Object.keys(ENTRY_POINTS) as EntryPoint[];

/** What an anonymous visitor may run: the page and the customer functions, nothing else. */
export const CUSTOMER_FUNCTIONS = ENTRY_POINT_NAMES.filter((n) => ENTRY_POINTS[n] === "customer");

export const kindOf = (name: string): EntryKind | undefined =>
  Object.prototype.hasOwnProperty.call(ENTRY_POINTS, name) ? ENTRY_POINTS[name as EntryPoint] : undefined;
