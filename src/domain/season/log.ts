/**
 * What a decision says happened, before anything is written: the events 이력 will get, the
 * problems 오류 will hold (by key), the scopes re-checked (an open problem in one not seen again
 * is resolved) and the refused edits. Pure: the app's Journal extends it with the write.
 */
import { EVENT } from "../events";
import { problemKeyText, scopeId, type ProblemKey, type ProblemScope } from "../problemKey";
import type { Actor } from "../schemas";

export interface LogEvent {
  /** When it happened, if before the pass that logs it (a tick the reconcile carries); else now. */
  at?: Date;
  actor: Actor;
  /** The person Google named for the edit (its event's user), shown in 누가 instead of the role. */
  by?: string;
  orderCode: string;
  rowId: string;
  event: string;
  from?: string;
  to?: string;
  detail?: string;
}

export interface LogProblem {
  /** Stable identity: the same cause keeps one row. */
  key: ProblemKey;
  tab: string;
  orderCode?: string;
  rowId?: string;
  field: string;
  message: string;
  raw: string;
}

export type LogIncident = Omit<LogProblem, "key"> & { key: string; at: Date };

export class DecisionLog {
  readonly events: LogEvent[] = [];
  /** Problems seen now, by the text of their key. */
  readonly problems = new Map<string, LogProblem>();
  /** Scopes re-checked this run (by scopeId): an open problem in one that was not seen again is resolved. */
  readonly checkedScopes = new Set<string>();
  /** Problems that are events (a refused edit): always a new row, under a key no pass resolves. */
  readonly incidents: LogIncident[] = [];

  /** Kept in time order: an event that happened before the pass (a carried tick) goes before its own. */
  log(event: LogEvent): void {
    const at = event.at?.getTime() ?? Infinity;
    let i = this.events.length;
    while (i > 0 && (this.events[i - 1]!.at?.getTime() ?? Infinity) > at) i--;
    this.events.splice(i, 0, event);
  }

  /** Events with no time of their own take `timeOf`'s, if any; kept in time order. */
  retime(timeOf: (event: LogEvent) => Date | undefined): void {
    const when = (e: LogEvent) => e.at?.getTime() ?? Infinity;
    // A stable sort keeps what log() keeps (time order, ties as logged) without its insertion
    // walk, which is quadratic over a full pass's many lines.
    const timed = this.events.splice(0).map((event) => {
      const at = event.at ?? timeOf(event);
      return at ? { ...event, at } : event;
    });
    // (Infinity − Infinity is NaN: compared, not subtracted.)
    this.events.push(...timed.sort((a, b) => (when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : 0)));
  }

  /** The fact that a tab of the script's was missing and was made again. */
  tabRecreated(name: string): void {
    this.log({
      actor: "script",
      orderCode: "",
      rowId: "",
      event: EVENT.tabRecreated,
      to: name,
      detail: `${name} 탭이 없어 다시 만들었습니다`,
    });
  }

  problem(p: LogProblem): void {
    this.problems.set(problemKeyText(p.key), p);
  }

  /** This pass checked everything in `scope`: what it did not report again is resolved. */
  checked(scope: ProblemScope): void {
    this.checkedScopes.add(scopeId(scope));
  }

  /** `now`: when it happened (a refused tick the reconcile carries: when Tutu made it). */
  incident(p: Omit<LogProblem, "key">, now: Date): void {
    this.incidents.push({
      ...p,
      at: now,
      key: `${p.tab}:${p.rowId ?? ""}:${p.field}:${now.getTime()}:${this.incidents.length}`,
    });
  }

  /** Takes in what another log gathered (a decision's), in the same order and time order. */
  absorb(other: DecisionLog): void {
    for (const e of other.events) this.log(e);
    for (const [key, p] of other.problems) this.problems.set(key, p);
    for (const scope of other.checkedScopes) this.checkedScopes.add(scope);
    for (const i of other.incidents) this.incident(i, i.at);
  }

  get touchesProblems(): boolean {
    return this.problems.size > 0 || this.checkedScopes.size > 0 || this.incidents.length > 0;
  }
}
