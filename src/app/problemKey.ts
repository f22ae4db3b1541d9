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
  | { kind: "timeZone" };

export type ProblemKey =
  /** 설정 cannot be read at all. */
  | { kind: "settings" }
  /** A row of 설정 was renamed or deleted; its template value is used. */
  | { kind: "missingSetting"; label: string }
  /** 주문 lacks columns the pass needs. */
  | { kind: "columns" }
  /** A row's hidden cells belong to another row (a sort of the visible columns only). */
  | { kind: "rowMoved"; rowId: string }
  /** A cell of a row of 주문 that cannot be read (`field` is its column key). */
  | { kind: "rowField"; rowId: string; field: string }
  /** A capacity cell of 출하 일정 (`r` is the table row, 0-based). */
  | { kind: "capacity"; r: number }
  /** The spreadsheet's time zone is not Seoul's. */
  | { kind: "timeZone" };

export function scopeOf(key: ProblemKey): ProblemScope {
  switch (key.kind) {
    case "settings":
    case "missingSetting":
      return { kind: "settings" };
    case "columns":
      return { kind: "columns" };
    case "rowMoved":
    case "rowField":
      return { kind: "row", rowId: key.rowId };
    case "capacity":
      return { kind: "scheduleRow", r: key.r };
    case "timeZone":
      return { kind: "timeZone" };
  }
}

/** The text written to 오류 (the format every earlier version wrote). */
export function problemKeyText(key: ProblemKey): string {
  switch (key.kind) {
    case "settings":
      return "settings";
    case "missingSetting":
      return `settings:missing:${key.label}`;
    case "columns":
      return "columns";
    case "rowMoved":
      return `${key.rowId}:moved`;
    case "rowField":
      return `${key.rowId}:${key.field}`;
    case "capacity":
      return `schedule:${key.r}:capacity`;
    case "timeZone":
      return "스크립트:timeZone";
  }
}

/**
 * The key a 문제키 cell holds, or null for a row no pass resolves (a refused edit, which is an
 * event, or text someone typed).
 */
export function parseProblemKey(text: string): ProblemKey | null {
  if (text === "settings") return { kind: "settings" };
  if (text === "columns") return { kind: "columns" };
  if (text === "스크립트:timeZone") return { kind: "timeZone" };
  if (text.startsWith("settings:missing:")) return { kind: "missingSetting", label: text.slice(17) };
  const capacity = /^schedule:(\d+):capacity$/.exec(text);
  if (capacity) return { kind: "capacity", r: Number(capacity[1]) };
  // A row's keys are `rowId:field`; a refused edit's has more parts (tab, row, field, time, n).
  const row = /^([^:]+):([^:]+)$/.exec(text);
  if (!row) return null;
  return row[2] === "moved"
    ? { kind: "rowMoved", rowId: row[1]! }
    : { kind: "rowField", rowId: row[1]!, field: row[2]! };
}

/** One scope as a set member: two equal scopes give the same text. */
export function scopeId(scope: ProblemScope): string {
  switch (scope.kind) {
    case "row":
      return `row\u0000${scope.rowId}`;
    case "scheduleRow":
      return `scheduleRow\u0000${scope.r}`;
    default:
      return scope.kind;
  }
}
