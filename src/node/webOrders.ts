/**
 * The order page on the local host. The journal beside the workbook (`<file>.web-orders.jsonl`)
 * is written first, one line per order; the order then goes into the workbook and the file is
 * saved atomically. When the workbook is open in Excel (or the save fails) the order stays in
 * the journal and the next sync applies it: the customer's answer is the same either way.
 * Requests are handled one at a time, so two orders never save over each other.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import {
  applyPendingOrders,
  orderForm,
  placeOrder,
  quoteOrder,
  type PendingOrder,
  type PendingStore,
} from "../app/orderPage";
import type { Host, KeyValueCache } from "../app/port";
import { MemoryCache } from "../local/memoryWorkbook";
import { openElsewhere } from "../local/xlsx";

type Rpc = (host: Host, args: unknown[]) => unknown;

/** Order pages keep their own cache (repeat orders, the capacity queue) across workbook reloads. */
function withOwnCache(host: Host, own: KeyValueCache): Host {
  const mine = (key: string) => key.startsWith("peach:web:");
  const cache: KeyValueCache = {
    get: (key) => (mine(key) ? own.get(key) : host.cache.get(key)),
    put: (key, value) => (mine(key) ? own.put(key, value) : host.cache.put(key, value)),
    remove: (key) => (mine(key) ? own.remove(key) : host.cache.remove(key)),
  };
  return { ...host, cache };
}

export const journalPathOf = (workbookPath: string): string => `${workbookPath}.web-orders.jsonl`;

/** The journal beside a workbook: one JSON line per order not yet in the file. */
export function journalStore(workbookPath: string): PendingStore {
  const path = journalPathOf(workbookPath);
  const list = (): PendingOrder[] =>
    existsSync(path)
      ? readFileSync(path, "utf8")
          .split("\n")
          .filter((line) => line.trim() !== "")
          .flatMap((line) => {
            try {
              return [JSON.parse(line) as PendingOrder];
            } catch {
              return []; // a line cut short by a crash: the order was never answered
            }
          })
      : [];
  return {
    list,
    add: (order) => appendFileSync(path, JSON.stringify(order) + "\n", "utf8"),
    remove: (codes) => {
      if (codes.length === 0 || !existsSync(path)) return;
      const keep = list().filter((p) => !codes.includes(p.code));
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, keep.map((p) => JSON.stringify(p) + "\n").join(""), "utf8");
      renameSync(temporary, path);
    },
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
  const list = openElsewhere(workbookPath) ? [] : journal.list();
  if (list.length > 0)
    applyPendingOrders(host, { list: () => list, add: () => undefined, remove: () => undefined });
  const result = await finish();
  journal.remove(list.map((p) => p.code));
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
  if (list.length === 0 || openElsewhere(file.path)) return 0;
  const applied = await file.write("웹 주문", (host) =>
    applyPendingOrders(host, { list: () => list, add: () => undefined, remove: () => undefined }),
  );
  journal.remove(list.map((p) => p.code));
  return applied;
}

/** The customer functions of the order page, over a workbook file or (no file) memory. */
export function localOrderRpc(file: OrderFile | null): Record<string, Rpc> {
  const own = new MemoryCache();
  const pending = file ? journalStore(file.path) : memoryStore();
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
      // together are written together and the later requests find theirs already saved.
      await oneAtATime(async () => {
        if (!pending.list().some((p) => p.code === answer.value.orderCode)) return;
        try {
          await applyJournalTo(file);
        } catch (error) {
          // The file could not be written (open elsewhere, read-only): the order waits in the
          // journal for the next sync, and the customer's answer stands.
          console.error(error instanceof Error ? error.message : String(error));
        }
      });
      return answer;
    },
  };
}
