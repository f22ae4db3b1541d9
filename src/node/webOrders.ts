/**
 * The order page on the local host. The journal beside the workbook (`<file>.web-orders/`, one
 * file per order) is written first; the order then goes into the workbook and the file is
 * saved atomically. When the workbook is open in Excel (or the save fails) the order stays in
 * the journal and the next sync applies it: the customer's answer is the same either way.
 * Saves go one at a time (and under the workbook lock), so two orders never save over each other.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { orderForm, placeOrder, quoteOrder } from "../app/orderPage";
import { applyPendingOrders, type PendingOrder, type PendingStore } from "../app/orderAppend";
import {
  answerDelay,
  answerKey,
  applyPendingAnswers,
  type AnswerStore,
  type PendingAnswer,
} from "../app/delayAnswers";
import type { Host, KeyValueCache } from "../app/port";
import { MemoryCache } from "../local/memoryWorkbook";
import { realPathOf } from "../local/lock";
import { openElsewhere } from "../local/xlsx";

type Rpc = (host: Host, args: unknown[]) => unknown;

/** Order pages keep their own cache (repeat orders, the capacity queue) across workbook reloads. */
function withOwnCache(host: Host, own: KeyValueCache): Host {
  const mine = (key: string) => key.startsWith("peach:web:");
  const cache: KeyValueCache = {
    get: (key) => (mine(key) ? own.get(key) : host.cache.get(key)),
    put: (key, value, ttl) => (mine(key) ? own.put(key, value, ttl) : host.cache.put(key, value, ttl)),
    remove: (key) => (mine(key) ? own.remove(key) : host.cache.remove(key)),
    putAll: (entries, ttl) => {
      for (const [key, value] of Object.entries(entries)) cache.put(key, value, ttl);
    },
  };
  return { ...host, cache };
}

/** The journal beside a workbook: a folder with one file per order not yet in the workbook. */
export const journalPathOf = (workbookPath: string): string => `${realPathOf(workbookPath)}.web-orders`;

/**
 * One file per item in `dir`, so a server adding one and a command removing applied ones never
 * rewrite each other's work: adding writes a new file (atomically, by rename), removing unlinks.
 * An unreadable file is left for a person to look at, never applied half. `fileName` keeps a
 * key to the characters a file name may hold.
 */
function fileJournal<T>(
  dir: string,
  keyOf: (item: T) => string,
  fileName: (key: string) => string,
  order?: (a: T, b: T) => number,
): { list(): T[]; add(item: T): void; remove(keys: readonly string[]): void } {
  const fileOf = (key: string) => join(dir, `${fileName(key)}.json`);
  return {
    list: () => {
      if (!existsSync(dir)) return [];
      const items = readdirSync(dir)
        .filter((name) => name.endsWith(".json"))
        .flatMap((name) => {
          try {
            return [JSON.parse(readFileSync(join(dir, name), "utf8")) as T];
          } catch {
            return [];
          }
        });
      return order ? items.sort(order) : items;
    },
    add: (item) => {
      mkdirSync(dir, { recursive: true });
      const temporary = join(dir, `.${fileName(keyOf(item))}.${process.pid}.tmp`);
      writeFileSync(temporary, JSON.stringify(item), "utf8");
      renameSync(temporary, fileOf(keyOf(item)));
    },
    remove: (keys) => keys.forEach((key) => rmSync(fileOf(key), { force: true })),
  };
}

/** The web orders not yet in the workbook, oldest first (one file per order code). */
export const journalStore = (workbookPath: string): PendingStore =>
  fileJournal<PendingOrder>(
    journalPathOf(workbookPath),
    (order) => order.code,
    (code) => code.replace(/[^0-9-]/g, ""),
    (a, b) => a.at - b.at || (a.code < b.code ? -1 : 1),
  );

/**
 * What waits beside a workbook for it (web orders, customers' answers to late shipments), and
 * why, as one line for Tony after any command on it; null when nothing waits. The next command
 * that writes the file while nothing else holds it (`sync`, `serve`) takes them in.
 */
export function journalNotice(workbookPath: string): string | null {
  const orders = journalStore(workbookPath).list().length;
  const answers = answerJournal(workbookPath).list().length;
  if (orders === 0 && answers === 0) return null;
  const what = [
    orders > 0 ? `웹 주문 ${orders}건` : "",
    answers > 0 ? `출하 지연에 대한 고객 답 ${answers}건` : "",
  ]
    .filter(Boolean)
    .join("과 ");
  const why = openElsewhere(workbookPath)
    ? "파일이 엑셀(또는 LibreOffice)에서 열려 있어 아직 파일에 넣지 못했습니다. 파일을 닫고"
    : "아직 파일에 들어가지 않았습니다 (저장하지 못했거나 서버가 쓰는 중이었습니다).";
  return `${what}이 ${basename(workbookPath)} 옆에서 기다립니다: ${why} peach-orders sync ${basename(workbookPath)}를 실행하면 들어갑니다`;
}

/** Customers' answers to late shipments not yet in the workbook: one file per card, beside it. */
export const answersPathOf = (workbookPath: string): string => `${realPathOf(workbookPath)}.delay-answers`;

/** One file per card (an order code and a row id: letters, digits, "-" and "." in a name). */
export const answerJournal = (workbookPath: string): AnswerStore =>
  fileJournal<PendingAnswer>(answersPathOf(workbookPath), answerKey, (key) =>
    key.replace(/[^0-9A-Za-z.-]/g, "_"),
  );

function memoryAnswers(): AnswerStore {
  const answers = new Map<string, PendingAnswer>();
  return {
    list: () => [...answers.values()],
    add: (answer) => void answers.set(answerKey(answer), answer),
    remove: (keys) => keys.forEach((key) => answers.delete(key)),
  };
}

export function memoryStore(): PendingStore {
  let orders: PendingOrder[] = [];
  return {
    list: () => [...orders],
    add: (order) => void orders.push(order),
    remove: (codes) => void (orders = orders.filter((p) => !codes.includes(p.code))),
  };
}

/**
 * The journal's orders into the workbook in memory, then `finish` (which saves); they leave the
 * journal only once it succeeded. While the workbook is open elsewhere they stay where they are.
 */
export async function withJournal<T>(host: Host, workbookPath: string, finish: () => Promise<T>): Promise<T> {
  const journal = journalStore(workbookPath);
  const elsewhere = openElsewhere(workbookPath);
  const list = elsewhere ? [] : journal.list();
  if (list.length > 0)
    applyPendingOrders(host, { list: () => list, add: () => undefined, remove: () => undefined });
  const answers = answerJournal(workbookPath);
  const answered = elsewhere ? [] : answers.list();
  if (answered.length > 0) applyPendingAnswers(host, keepUntilSaved(answered));
  const result = await finish();
  journal.remove(list.map((p) => p.code));
  answers.remove(answered.map(answerKey));
  return result;
}

/** A workbook file the server follows (FollowedFile): written under the workbook lock, then saved. */
export interface OrderFile {
  readonly path: string;
  write<T>(command: string, change: (host: Host) => T): Promise<T>;
}

/**
 * The journal's orders into the file (under its lock, on a fresh read, saved); they leave the
 * journal once saved. Nothing happens while the workbook is open in Excel or LibreOffice.
 */
export async function applyJournalTo(file: OrderFile): Promise<number> {
  const journal = journalStore(file.path);
  const list = journal.list();
  const answers = answerJournal(file.path);
  const answered = answers.list();
  if ((list.length === 0 && answered.length === 0) || openElsewhere(file.path)) return 0;
  const applied = await file.write("웹 주문", (host) => {
    const orders = applyPendingOrders(host, {
      list: () => list,
      add: () => undefined,
      remove: () => undefined,
    });
    return orders + applyPendingAnswers(host, keepUntilSaved(answered));
  });
  journal.remove(list.map((p) => p.code));
  answers.remove(answered.map(answerKey));
  return applied;
}

/** What a write applies leaves its journal only once the workbook was saved (by the caller). */
const keepUntilSaved = (list: PendingAnswer[]): AnswerStore => ({
  list: () => list,
  add: () => undefined,
  remove: () => undefined,
});

/** A customer waits at most this long for the save of what they sent (issue 23: 3 seconds). */
export const ANSWER_WITHIN_MS = 2_500;

/** `work` or `ms`, whichever ends first; the work goes on either way (its errors are its own). */
const within = (ms: number, work: Promise<unknown>): Promise<void> =>
  new Promise<void>((done) => {
    const timer = setTimeout(done, ms);
    timer.unref?.();
    void work.then(
      () => (clearTimeout(timer), done()),
      () => (clearTimeout(timer), done()),
    );
  });

/** The customer functions of the order page, over a workbook file or (no file) memory. */
export function localOrderRpc(file: OrderFile | null): Record<string, Rpc> {
  const own = new MemoryCache();
  const pending = file ? journalStore(file.path) : memoryStore();
  const answers = file ? answerJournal(file.path) : memoryAnswers();
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    getOrderForm: (host) => orderForm(host),
    quoteOrder: (host, args) => quoteOrder(withOwnCache(host, own), args[0]),
    placeOrder: async (host, args) => {
      const h = withOwnCache(host, own);
      // Every order is journaled first (synchronously: no other request runs in between).
      const answer = placeOrder(h, args[0], { locked: () => false, pending });
      if (!answer.ok) return answer;
      if (!file) {
        applyPendingOrders(h, pending);
        return answer;
      }
      // One save at a time; a save takes every order journaled so far, so orders that arrived
      // together are written together and the later requests find theirs already saved. The
      // customer is answered within ANSWER_WITHIN_MS: the order is journaled, and a save still
      // waiting for the lock (a command holds it) goes on behind.
      await within(
        ANSWER_WITHIN_MS,
        oneAtATime(async () => {
          if (!pending.list().some((p) => p.code === answer.value.orderCode)) return;
          try {
            await applyJournalTo(file);
          } catch (error) {
            // The file could not be written (open elsewhere, read-only): the order waits in the
            // journal for the next sync, and the customer's answer stands.
            console.error(error instanceof Error ? error.message : String(error));
          }
        }),
      );
      return answer;
    },
    answerDelay: async (host, args) => {
      const answer = answerDelay(host, args[0], answers);
      if (!answer.ok) return answer;
      if (!file) applyPendingAnswers(host, answers);
      else
        await within(
          ANSWER_WITHIN_MS,
          oneAtATime(async () => {
            try {
              await applyJournalTo(file);
            } catch (error) {
              // Open in Excel, read-only: the answer waits in its journal for the next sync.
              console.error(error instanceof Error ? error.message : String(error));
            }
          }),
        );
      return answer;
    },
  };
}
