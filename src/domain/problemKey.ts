/**
 * The identity of a standing problem in 오류, and the scope a pass re-checks. Every kind names
 * its scope (`scopeOf` is exhaustive), so a new kind cannot be written without saying when its
 * rows resolve. The text in 오류's 문제키 column keeps the format older versions wrote, so rows
 * already open resolve as before.
 */

/** What a pass can declare it has checked: an open problem in it not seen again is resolved. */
export type ProblemScope =
  | { kind: "settings" }
  | { kind: "columns" }
  | { kind: "row"; rowId: string }
  | { kind: "scheduleRow"; r: number }
  | { kind: "timeZone" }
  | { kind: "triggers" }
  | { kind: "sms"; id: string };

export type ProblemKey =
  /** 설정 cannot be read at all. */
  | { kind: "settings" }
  /** A row of 설정 was renamed or deleted; its template value is used. */
  | { kind: "missingSetting"; label: string }
  /** A per-item line of 설정 (`수확 기간: 황도`) cannot be read; the items it covers are held. */
  | { kind: "settingLine"; label: string }
  /** 주문 lacks columns the pass needs. */
  | { kind: "columns" }
  /** A row's hidden cells belong to another row (a sort of the visible columns only). */
  | { kind: "rowMoved"; rowId: string }
  /** A cell of a row of 주문 that cannot be read (`field` is its column key). */
  | { kind: "rowField"; rowId: string; field: string }
  /** A capacity cell of 출하 일정 (`r` is the table row, 0-based). */
  | { kind: "capacity"; r: number }
  /** The spreadsheet's time zone is not Seoul's. */
  | { kind: "timeZone" }
  /** An installed trigger is missing (deleted by hand, or a create() Google failed). */
  | { kind: "triggers" }
  /** A message the provider did not accept (issue 24): resolved when it is sent. */
  | { kind: "sms"; id: string };

type KeyOf<K extends ProblemKey["kind"]> = Extract<ProblemKey, { kind: K }>;

/** How one kind is written to 오류, read back, and which scope resolves it. */
interface Codec<K extends ProblemKey["kind"]> {
  text(key: KeyOf<K>): string;
  /** The key this text holds if it is of this kind, else null. */
  parse(text: string): KeyOf<K> | null;
  scope(key: KeyOf<K>): ProblemScope;
}

/** Column keys of 주문 are ASCII words; a refused edit's key ends in digits, so it is no row key. */
const FIELD = /^[A-Za-z]+$/;

/** A row's key is `rowId:field`, split at the last colon: an imported row id may hold colons. */
function rowKeyParts(text: string): { rowId: string; field: string } | null {
  const at = text.lastIndexOf(":");
  if (at <= 0) return null;
  const field = text.slice(at + 1);
  return FIELD.test(field) ? { rowId: text.slice(0, at), field } : null;
}

/**
 * Every kind's writer, reader and scope in one table: the mapped type makes a new kind
 * incomplete until all three exist. Reading tries the kinds in this order (the exact texts
 * first, a row's `rowId:field` last).
 */
const CODECS: { [K in ProblemKey["kind"]]: Codec<K> } = {
  settings: {
    text: () => "settings",
    parse: (t) => (t === "settings" ? { kind: "settings" } : null),
    scope: () => ({ kind: "settings" }),
  },
  columns: {
    text: () => "columns",
    parse: (t) => (t === "columns" ? { kind: "columns" } : null),
    scope: () => ({ kind: "columns" }),
  },
  timeZone: {
    text: () => "스크립트:timeZone",
    parse: (t) => (t === "스크립트:timeZone" ? { kind: "timeZone" } : null),
    scope: () => ({ kind: "timeZone" }),
  },
  triggers: {
    text: () => "스크립트:triggers",
    parse: (t) => (t === "스크립트:triggers" ? { kind: "triggers" } : null),
    scope: () => ({ kind: "triggers" }),
  },
  sms: {
    text: (k) => `sms:${k.id}`,
    parse: (t) => (t.startsWith("sms:") ? { kind: "sms", id: t.slice(4) } : null),
    scope: (k) => ({ kind: "sms", id: k.id }),
  },
  missingSetting: {
    text: (k) => `settings:missing:${k.label}`,
    parse: (t) => (t.startsWith("settings:missing:") ? { kind: "missingSetting", label: t.slice(17) } : null),
    scope: () => ({ kind: "settings" }),
  },
  settingLine: {
    text: (k) => `settings:line:${k.label}`,
    parse: (t) => (t.startsWith("settings:line:") ? { kind: "settingLine", label: t.slice(14) } : null),
    scope: () => ({ kind: "settings" }),
  },
  capacity: {
    text: (k) => `schedule:${k.r}:capacity`,
    parse: (t) => {
      const m = /^schedule:(\d+):capacity$/.exec(t);
      return m ? { kind: "capacity", r: Number(m[1]) } : null;
    },
    scope: (k) => ({ kind: "scheduleRow", r: k.r }),
  },
  rowMoved: {
    text: (k) => `${k.rowId}:moved`,
    parse: (t) => {
      const parts = rowKeyParts(t);
      return parts?.field === "moved" ? { kind: "rowMoved", rowId: parts.rowId } : null;
    },
    scope: (k) => ({ kind: "row", rowId: k.rowId }),
  },
  rowField: {
    text: (k) => `${k.rowId}:${k.field}`,
    parse: (t) => {
      const parts = rowKeyParts(t);
      return parts && parts.field !== "moved" ? { kind: "rowField", ...parts } : null;
    },
    scope: (k) => ({ kind: "row", rowId: k.rowId }),
  },
};

const codecOf = <K extends ProblemKey["kind"]>(key: KeyOf<K>): Codec<K> => CODECS[key.kind as K];

export function scopeOf(key: ProblemKey): ProblemScope {
  return codecOf(key).scope(key);
}

/** The text written to 오류 (the format every earlier version wrote). */
export function problemKeyText(key: ProblemKey): string {
  return codecOf(key).text(key);
}

/**
 * The key a 문제키 cell holds, or null for a row no pass resolves (a refused edit, which is an
 * event, or text someone typed).
 */
export function parseProblemKey(text: string): ProblemKey | null {
  for (const codec of Object.values(CODECS) as Codec<ProblemKey["kind"]>[]) {
    const key = codec.parse(text);
    if (key) return key;
  }
  return null;
}

/** The kinds, for tests that must cover every one. */
export const PROBLEM_KINDS = Object.keys(CODECS) as ProblemKey["kind"][];

/** One scope as a set member: two equal scopes give the same text. */
export function scopeId(scope: ProblemScope): string {
  switch (scope.kind) {
    case "row":
      return `row\u0000${scope.rowId}`;
    case "scheduleRow":
      return `scheduleRow\u0000${scope.r}`;
    case "sms":
      return `sms\u0000${scope.id}`;
    default:
      return scope.kind;
  }
}
