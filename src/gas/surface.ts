/**
 * The public surface. The web app runs as Tony for anyone, and google.script.run can name every
 * top-level function of the project, so every stub in dist/Code.js enters through `enter`, which
 * checks the caller against the function's kind (entryPoints.ts) before anything is read:
 *
 * - customer functions run for anyone (they only ever return a customer's own masked view);
 * - menu items run only under the caller's own authority: the active user is known and is the
 *   user the script runs as. An anonymous visitor of a web app that executes as Tony has no
 *   active user (Session.getActiveUser() is blank), so a visitor never passes;
 * - sidebar and dialog functions need the random key the menu item put into that page when it
 *   opened it; the key lives in script properties, never leaves the server otherwise, and expires;
 * - trigger handlers run only for an event whose triggerUid is one of this project's installed
 *   triggers for that handler.
 *
 * A refused call returns nothing (or a refusal message for pages) and is logged to stderr.
 */
import { kindOf, type EntryKind } from "./entryPoints";

const PAGE_KEYS_PROPERTY = "PAGE_KEYS";
/** A sidebar left open all day keeps working; after that, the menu opens it again. */
const PAGE_KEY_TTL_MS = 12 * 60 * 60 * 1000;
/** Pages opened recently enough to still hold a key (several editors, several windows). */
const MAX_PAGE_KEYS = 30;
export const PAGE_REFUSED = "시트 메뉴에서 이 창을 다시 열어 주세요";

type Fn = (...args: unknown[]) => unknown;

/** True when the person running this is the account the script runs as: a click, not a visitor. */
export function runsAsCaller(): boolean {
  try {
    const active = Session.getActiveUser().getEmail();
    return active !== "" && active === Session.getEffectiveUser().getEmail();
  } catch {
    return false;
  }
}

/** The cache entry holding the triggers getProjectTriggers() last showed, and to whom. */
const TRIGGERS_KEY = "peach:triggers:v1";

/** This user's installed triggers as Google lists them: [user, "handler uid", …]. */
const installedTriggers = () => [
  Session.getEffectiveUser().getEmail(),
  ...ScriptApp.getProjectTriggers().map((t) => `${t.getHandlerFunction()} ${t.getUniqueId()}`),
];

/**
 * Called after the script adds or deletes triggers, and with null before it deletes any (the
 * entry is forgotten then): the cache never vouches for a trigger the script removed. An entry
 * lives an hour: a trigger deleted by hand in the Apps Script editor is refused an hour later.
 */
export function rememberTriggers(list: string[] | null = installedTriggers()): void {
  try {
    const cache = CacheService.getScriptCache();
    if (list) cache.put(TRIGGERS_KEY, JSON.stringify(list), 3600);
    else cache.remove(TRIGGERS_KEY);
  } catch {
    if (list) rememberTriggers(null);
  }
}

/**
 * True when `event` came from an installed trigger of this project for `handler`. The cache
 * (only the script writes it) answers for a uid Google listed for this same user within the
 * hour; any other uid is looked up in Google's list, remembered again when it changed.
 */
export function fromInstalledTrigger(handler: string, event: unknown): boolean {
  const uid = (event as { triggerUid?: unknown } | null)?.triggerUid;
  if ((typeof uid !== "string" && typeof uid !== "number") || uid === "") return false;
  const entry = `${handler} ${uid}`;
  const known = (list: unknown) =>
    Array.isArray(list) && list[0] === Session.getEffectiveUser().getEmail() && list.indexOf(entry, 1) > 0;
  const cached = cachedTriggers();
  if (known(cached)) return true;
  const list = installedTriggers();
  if (JSON.stringify(list) !== JSON.stringify(cached)) rememberTriggers(list);
  return known(list);
}

/** The list rememberTriggers left in the cache, or null (unavailable or unreadable). */
function cachedTriggers(): unknown {
  try {
    return JSON.parse(CacheService.getScriptCache().get(TRIGGERS_KEY)!);
  } catch {
    return null;
  }
}

/**
 * The handlers of this user's installed triggers, from the gate's cached list (Google asked,
 * and the answer remembered, only when the cache has none for this user): a trigger deleted by
 * hand shows within the hour the entry lives.
 */
export function installedHandlers(): string[] {
  let list = cachedTriggers() as string[] | null;
  if (!Array.isArray(list) || list[0] !== Session.getEffectiveUser().getEmail())
    rememberTriggers((list = installedTriggers()));
  return list.slice(1).map((entry) => entry.split(" ")[0]!);
}

type PageKeys = Record<string, { page: string; expires: number }>;

function readKeys(): PageKeys {
  try {
    const raw = PropertiesService.getScriptProperties().getProperty(PAGE_KEYS_PROPERTY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === "object" ? (parsed as PageKeys) : {};
  } catch {
    return {};
  }
}

/** A fresh key for a page a menu item is about to open; only that page is given it. */
export function issuePageKey(page: string): string {
  const now = Date.now();
  const keys = Object.entries(readKeys())
    .filter(([, v]) => v.expires > now)
    .sort((a, b) => b[1].expires - a[1].expires)
    .slice(0, MAX_PAGE_KEYS - 1);
  const key = (Utilities.getUuid() + Utilities.getUuid()).replace(/-/g, "");
  keys.push([key, { page, expires: now + PAGE_KEY_TTL_MS }]);
  PropertiesService.getScriptProperties().setProperty(
    PAGE_KEYS_PROPERTY,
    JSON.stringify(Object.fromEntries(keys)),
  );
  return key;
}

function holdsPageKey(page: string, key: unknown): boolean {
  if (typeof key !== "string" || !/^[0-9a-f]{64}$/.test(key)) return false;
  const keys = readKeys();
  const entry = Object.prototype.hasOwnProperty.call(keys, key) ? keys[key] : undefined;
  return !!entry && entry.page === page && entry.expires > Date.now();
}

/**
 * The page's calls carry the key first: a wrapper around google.script.run (window.peachRun)
 * adds it, so the pages stay the same on the local server, where there is no key.
 */
export function withPageKey(html: string, key: string): string {
  const wrapper =
    `<script>window.peachRun = (function (key) {\n` +
    `  function wrap(runner) {\n` +
    `    return new Proxy(runner, { get: function (target, name) {\n` +
    `      var value = target[name];\n` +
    `      if (typeof value !== "function") return value;\n` +
    `      if (name === "withSuccessHandler" || name === "withFailureHandler" || name === "withUserObject")\n` +
    `        return function (f) { return wrap(value.call(target, f)); };\n` +
    `      return function () { return value.apply(target, [key].concat(Array.prototype.slice.call(arguments))); };\n` +
    `    } });\n` +
    `  }\n` +
    `  return wrap(google.script.run);\n` +
    `})(${JSON.stringify(key)});</script>\n`;
  const at = html.indexOf("<script>");
  return at < 0 ? html + wrapper : html.slice(0, at) + wrapper + html.slice(at);
}

function refuse(name: string, kind: EntryKind): unknown {
  console.error(`refused: ${name} (${kind}) without its capability`);
  return kind.startsWith("page:") ? { ok: false, error: PAGE_REFUSED } : undefined;
}

/**
 * Every top-level stub of dist/Code.js calls this with its own name and implementation. No
 * exception of a non-customer function reaches the caller: it may be a visitor.
 */
export function enter(name: string, impl: unknown, args: unknown[]): unknown {
  const kind = kindOf(name);
  if (!kind || typeof impl !== "function") return undefined;
  const run = impl as Fn;
  if (kind === "customer") return run(...args);
  try {
    if (kind === "open") return run();
    if (kind === "menu") return runsAsCaller() ? run() : refuse(name, kind);
    if (kind === "trigger") return fromInstalledTrigger(name, args[0]) ? run(args[0]) : refuse(name, kind);
    const page = kind.slice("page:".length);
    return holdsPageKey(page, args[0]) ? run(...args.slice(1)) : refuse(name, kind);
  } catch (error) {
    console.error(name, error);
    return kind.startsWith("page:")
      ? { ok: false, error: "처리하지 못했습니다. 다시 시도해 주세요" }
      : undefined;
  }
}
