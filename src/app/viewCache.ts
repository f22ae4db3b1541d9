/**
 * What the status page keeps in CacheService: its budget, and the warm views that answer a lookup
 * with no spreadsheet call. Lookups (src/app/lookups.ts) fill them as they read 조회; each pass
 * (src/app/views.ts) replaces the views it just changed, so the next lookup sees the change.
 */
import type { StoredOrder } from "../domain/statusView";
import { fitsCache } from "../domain/limits";
import type { Host } from "./port";

/**
 * The cache's budget. CacheService keeps at most 1,000 items and, past that, only the 900
 * farthest from expiration (Cache reference). What the product needs lives longest: settings 6
 * hours (smallTabs), the lock-out counters 15 minutes from their last failure (the 10-minute
 * window plus more than a view's life, so while a counter matters it is always farther from
 * expiry than any view), views 5 minutes. Views come from lookups and from each pass (at most
 * WARM_PER_PASS, the orders it just changed), so a busy day holds a few hundred items at most.
 */
export const VIEW_TTL_SECONDS = 5 * 60;
export const COUNTER_TTL_SECONDS = 15 * 60;
export const WARM_PER_PASS = 100;
/** Up to this many views, a pass asks which are warm before replacing them (3 gets < 1 put). */
const CHECK_WARM_UP_TO = 3;

export const viewKey = (code: string) => `peach:view:${code}`;

/** What a lookup needs of an order (the cache's value): the digits that unlock it, and the view. */
export type CachedOrder = Pick<StoredOrder, "last4" | "view" | "cards">;

/** A view as the cache keeps it, or null when it outgrows CacheService's 100 KB per value. */
export function cacheValue(order: CachedOrder): string | null {
  const value = JSON.stringify({
    last4: order.last4,
    view: order.view,
    cards: order.cards,
  } satisfies CachedOrder);
  return fitsCache(value) ? value : null;
}

/** An order's warm view, or null. */
export function cachedView(host: Host, code: string): CachedOrder | null {
  const cached = host.cache.get(viewKey(code));
  if (!cached) return null;
  try {
    return JSON.parse(cached) as CachedOrder;
  } catch {
    return null;
  }
}

/**
 * A pass's new views (`warm`: cache key → value, at most WARM_PER_PASS), put over those a lookup
 * cached before it. For a few (an edit's orders) a get says which are warm at all (a sixth of a
 * put's cost): an order nobody looked up lately needs no warm view, its next lookup reads 조회.
 */
export function replaceWarmViews(host: Host, warm: Record<string, string>): void {
  const count = Object.keys(warm).length;
  if (count > 0 && count <= CHECK_WARM_UP_TO)
    for (const key of Object.keys(warm)) if (host.cache.get(key) === null) delete warm[key];
  if (Object.keys(warm).length > 0) host.cache.putAll(warm, VIEW_TTL_SECONDS);
}
