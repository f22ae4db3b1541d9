/**
 * What a pass is: its caller's words (SyncMode: an edit of a tab, the timer's changes, the full
 * reconcile) and what they mean for the pass (Pass: what it reads fresh, what it re-checks,
 * what it rewrites), derived in one place.
 */
import type { HarvestDelay } from "../../domain/harvest";
import type { SeoulDate } from "../../domain/clock";
import type { Actor } from "../../domain/schemas";
import { TABS } from "../../templates";
import type { Table } from "../table";

/**
 * The tabs whose edits run a pass, and whose work an edit there is: Tony keeps 주문 and 설정,
 * Tutu ticks 오늘 출하 and sets the days in 출하 일정.
 */
export const EDIT_ROLE = { orders: "tony", today: "tutu", schedule: "tutu", settings: "tony" } as const;
export type EditedTab = keyof typeof EDIT_ROLE;

/** The tab an edit of `name` runs a pass for, or null (이력, 오류 and Tony's own tabs need none). */
export function editedTabNamed(name: string): EditedTab | null {
  const key = TABS.find((t) => t.name === name)?.key;
  return key && Object.hasOwn(EDIT_ROLE, key) ? (key as EditedTab) : null;
}

/** A block of 1-based sheet rows one edit covered. */
export interface EditedRows {
  first: number;
  count: number;
}

/** An edit of 주문 carried after it was made: the cells it covered (1-based) and when. */
export type TimedEdit = EditedRows & { column: number; columns: number; at: Date };

/** What a pass is, as its caller means it; `passOf` derives what the pass reads and rewrites. */
export type SyncMode =
  | {
      /** A person edited 주문 (the trigger, or a tool that wrote to 주문 for Tony). */
      kind: "edit";
      tab: "orders";
      /** Who made the changes found; default Tony. */
      actor?: Actor;
      /**
       * 1-based sheet rows of 주문 a person just edited, one block per edit: a block of a single
       * row may change its own names on purpose, and these orders' status views are refreshed.
       * Only 주문's rows: a row number of another tab would let an unrelated row of 주문 pass as
       * renamed.
       */
      editedRows?: readonly EditedRows[];
      /** Edits carried after they were made (editNotes), with their cells and times. */
      editTimes?: readonly TimedEdit[];
      /** Who made the edit, when Google's event names them (an email); otherwise the tab's role. */
      user?: string;
      /** Orders a bank import just paid, with the bank's time of the deposit (their 입금 lines say it). */
      bankTimes?: ReadonlyMap<string, Date>;
    }
  | {
      /** A person edited another tab the pass reads (오늘 출하, 출하 일정, 설정). */
      kind: "edit";
      tab: Exclude<EditedTab, "orders">;
      /** Who made the changes found; default the tab's role. */
      actor?: Actor;
      /** Who made the edit, when Google's event names them (an email); otherwise the tab's role. */
      user?: string;
    }
  | {
      /**
       * The timer's pass over rows found changed since the last run (reconcile.ts): like an edit
       * of 주문 by Tony, 설정 and 출하 일정 from the cache.
       */
      kind: "changes";
      /** 오늘 출하 may hold a tick or a number no trigger took: read it. */
      readToday: boolean;
      /** The last pass set rows aside: re-check every problem, so they resolve once whole. */
      recheckProblems: boolean;
    }
  | {
      /** The full pass: every tab read from the sheet, every problem re-checked, every view rebuilt. */
      kind: "reconcile";
      /** Rewrite 오늘 출하 even if its list did not change (midnight, the menu, a local run). */
      rebuildToday?: boolean;
      /** Who made the changes found; default Tony. */
      actor?: Actor;
      /** The date 오늘 출하 shows; default today. */
      todayTabDate?: SeoulDate;
      /** A harvest delay Tony asked for (설정 already says its new windows): move its shipments. */
      delay?: HarvestDelay;
      /**
       * 주문 whole, as the caller read it in this execution with nothing written to it since (the
       * delay compares its dates before and after): the pass reads it no more, and changes it
       * in memory as it writes the tab.
       */
      orders?: Table;
    };

/** What one pass does, derived from its mode in one place. */
export interface Pass {
  /** Who made the changes found in 주문: Tony, or Tutu when the edit came from 오늘 출하. */
  actor: Actor;
  /** Read 설정 and 출하 일정 from the sheet instead of the cache. */
  fresh: boolean;
  /**
   * Read 오늘 출하 before deciding, to carry Tutu's waiting ticks and tracking numbers first:
   * every full pass of an edit does (her edits there wait for a pass, and Tony's edit is judged
   * after them), the timer's only when the tab may hold some.
   */
  readToday: boolean;
  /** Re-check every row's problems against 오류 (reconcile), not only rows whose check changed. */
  allProblems: boolean;
  /** Rewrite 오늘 출하 even if its list did not change. */
  forceToday: boolean;
  /** The date 오늘 출하 shows; default today. */
  todayTabDate?: SeoulDate;
  /** 1-based sheet rows of 주문 a person just edited (their orders' status views are refreshed). */
  editedRows?: readonly EditedRows[];
  /** Edits of 주문 carried after they were made: a payment ticked in one is stamped at its time. */
  editTimes?: readonly TimedEdit[];
  /** Who made the edit, when Google's event names them (an email); otherwise the tab's role. */
  user?: string;
  delay?: HarvestDelay;
  /** 주문 already read whole in this execution (a reconcile's caller): not read again. */
  orders?: Table;
  /** Orders a bank import just paid: the bank's time of the deposit, by order code. */
  bankTimes?: ReadonlyMap<string, Date>;
}

export function passOf(mode: SyncMode): Pass {
  if (mode.kind === "changes") {
    return {
      actor: "tony",
      fresh: false,
      readToday: mode.readToday,
      allProblems: mode.recheckProblems,
      forceToday: false,
    };
  }
  if (mode.kind === "reconcile") {
    return {
      actor: mode.actor ?? "tony",
      fresh: true,
      readToday: true,
      allProblems: true,
      forceToday: mode.rebuildToday ?? false,
      ...(mode.todayTabDate ? { todayTabDate: mode.todayTabDate } : {}),
      ...(mode.delay ? { delay: mode.delay } : {}),
      ...(mode.orders ? { orders: mode.orders } : {}),
    };
  }
  const { tab: edited } = mode;
  return {
    actor: mode.actor ?? EDIT_ROLE[edited],
    // 설정 and 출하 일정 are cached: an edit there is read from the sheet.
    fresh: edited === "schedule" || edited === "settings",
    readToday: true,
    // A changed setting can change every row's problems and 오늘 출하's whole list.
    allProblems: edited === "settings",
    forceToday: edited === "settings",
    ...(mode.tab === "orders" && mode.editedRows ? { editedRows: mode.editedRows } : {}),
    ...(mode.tab === "orders" && mode.editTimes ? { editTimes: mode.editTimes } : {}),
    ...(mode.tab === "orders" && mode.bankTimes ? { bankTimes: mode.bankTimes } : {}),
    ...(mode.user ? { user: mode.user } : {}),
  };
}
