/**
 * The rows of 주문 as a decision starts from them: each row's id, token and order number, what
 * Excel broke repaired, what Tony typed read (domain/rows.ts), and the rows whose hidden cells
 * belong to another row set aside. Everything it repairs or gives is logged.
 */
import { newAccessToken, newOrderCode, newRowId, type RandomBytes } from "../codes";
import { EVENT } from "../events";
import { cutLength, cutMessage } from "../limits";
import { showInvisible, stripInvisible } from "../names";
import { orderCodesOf, type CodeRow } from "../orderCodes";
import { parsePayment, readOrderRow } from "../rows";
import type { Actor, Settings } from "../schemas";
import { seasonYearOf } from "../settings";
import { normalizeBoxes } from "../validation";
import { headerOf } from "../../templates";
import type { Grid } from "./grid";
import type { DecisionLog } from "./log";
import { identityAt, INPUT_KEYS, parseRecorded, type RowState } from "./state";

export interface RowsRead {
  rows: RowState[];
  /** Row ids whose 기록 claims are not in the season's sums (cleared or set-aside rows). */
  unsummed: string[];
}

export function readRows(
  grid: Grid,
  tabName: string,
  settings: Settings,
  log: DecisionLog,
  actor: Actor,
  now: Date,
  random: RandomBytes,
  mayRename: (r: number) => boolean,
): RowsRead {
  const seasonYear = seasonYearOf(settings);
  const rows: RowState[] = [];
  const unsummed: string[] = [];
  const seenIds = new Set<string>();
  const seenTokens = new Set<string>();
  let identities: Map<string, number> | null = null; // built once, only when a row moved
  for (const r of grid.rows()) {
    if (grid.isBlank(r, INPUT_KEYS)) {
      // A cleared row keeps its hidden 기록: what it claims is not in the season's sums.
      const stale = grid.text(r, "recorded") ? parseRecorded(grid.text(r, "recorded")) : null;
      if (stale && (stale.a || stale.w)) unsummed.push(grid.text(r, "rowId"));
      continue;
    }
    let rowId = grid.text(r, "rowId");
    let recorded = parseRecorded(grid.text(r, "recorded"));
    if (recorded?.f && rowId && recorded.f !== identityAt(grid, r) && !mayRename(r)) {
      unsummed.push(rowId);
      if (!identities) {
        identities = new Map();
        for (let o = 0; o < grid.rowCount; o++) identities.set(identityAt(grid, o), o);
      }
      const owner = identities.get(recorded.f);
      const here = `${grid.sheetRow(r)}행(${grid.text(r, "recipientName")})`;
      const there =
        owner === undefined
          ? "찾을 수 없는 행"
          : `${grid.sheetRow(owner)}행(${grid.text(owner, "recipientName")})`;
      log.problem({
        key: { kind: "rowMoved", rowId },
        tab: tabName,
        orderCode: grid.text(r, "orderCode"),
        rowId,
        field: "행 이동",
        message:
          `${here}의 숨은 칸(행ID·조회토큰·기록)은 ${there}의 것입니다. 보이는 열만 정렬된 것 같습니다: ` +
          `되돌리기(Ctrl+Z) 후 모든 열을 함께 정렬해 주세요. 이름·전화번호를 일부러 고쳤다면 그 행의 칸 하나를 다시 입력하면 새 값으로 기록합니다`,
        raw: `${grid.text(r, "ordererName")} / ${grid.text(r, "recipientName")} / ${grid.text(r, "ordererPhone")}`,
      });
      continue; // set aside: the script writes nothing to this row until it is whole again
    }
    // A row copied with its hidden cells is a new row: it gets its own id and token.
    if (!rowId || seenIds.has(rowId)) {
      rowId = newRowId(random);
      grid.set(r, "rowId", rowId);
      recorded = null;
    }
    seenIds.add(rowId);
    const token = grid.text(r, "token");
    if (!token || seenTokens.has(token)) grid.set(r, "token", newAccessToken(random));
    seenTokens.add(grid.text(r, "token"));
    if (grid.text(r, "orderedAt") === "") grid.set(r, "orderedAt", now);

    // 3상자 → 3: the courier file, the messages and the status page read one number. A "3"
    // stored as text (an import, a text-formatted cell) becomes the number 3 too, so a sum in
    // Excel counts it (issue 23); only a change Tony can see is logged.
    const boxesCell = grid.get(r, "boxes");
    const typedBoxes = normalizeBoxes(boxesCell);
    if (typedBoxes.ok && typeof boxesCell === "string") {
      if (boxesCell.trim() !== String(typedBoxes.value))
        log.log({
          actor: "script",
          orderCode: grid.text(r, "orderCode"),
          rowId,
          event: EVENT.boxesText,
          from: boxesCell,
          to: String(typedBoxes.value),
        });
      grid.set(r, "boxes", typedBoxes.value);
    }
    // Invisible characters (zero-width, bidi overrides) are removed from names, and logged.
    for (const key of ["ordererName", "recipientName"]) {
      const cell = grid.get(r, key);
      if (typeof cell !== "string") continue;
      const clean = stripInvisible(cell);
      if (!clean.stripped) continue;
      log.log({
        actor: "script",
        orderCode: grid.text(r, "orderCode"),
        rowId,
        event: EVENT.name,
        from: showInvisible(cell),
        to: clean.text,
        detail: "보이지 않는 글자를 지움",
      });
      grid.set(r, key, clean.text);
    }
    const cells: Record<string, unknown> = {};
    for (const key of INPUT_KEYS.concat(["postalCode", "payment", "trackingNumber"]))
      cells[key] = grid.get(r, key);
    const read = readOrderRow(cells, settings, seasonYear);
    // A cell an import cut at Excel's limit (a 40,000-character memo) is asked about, the order kept.
    for (const key of ["memo", ...INPUT_KEYS, "postalCode"]) {
      const length = cutLength(grid.get(r, key));
      if (length !== null)
        read.problems.push({
          field: key,
          message: cutMessage(headerOf("orders", key), length),
          raw: grid.text(r, key).slice(-80),
        });
    }
    // What Excel broke (a lost leading 0) or Tony wrote loosely (황도 for 황도 4.5kg) is written
    // back as meant, as text, and logged.
    for (const repair of read.repairs) {
      log.log({
        actor: "script",
        orderCode: grid.text(r, "orderCode"),
        rowId,
        event: repair.reason ? EVENT.repair : EVENT.phone,
        from: repair.from,
        to: repair.to,
        detail: repair.reason ? `${headerOf("orders", repair.field)}: ${repair.reason}` : "",
      });
      grid.set(r, repair.field, repair.to);
    }
    const payment = parsePayment(grid.get(r, "payment"));
    const paidAtCell = grid.get(r, "paidAt");
    const boxes = read.fields?.boxes ?? read.boxes ?? recorded?.b ?? 0;
    rows.push({
      r,
      rowId,
      orderCode: grid.text(r, "orderCode"),
      fields: read.fields,
      amounts: read.amounts,
      recorded,
      paid: payment.ok ? payment.value === "paid" : recorded?.p === 1,
      paidAt: paidAtCell instanceof Date ? paidAtCell : null,
      status: recorded?.s ?? "received",
      shipDate: recorded?.d || null,
      boxes,
      boxesGrew: !!recorded && !!recorded.d && boxes > recorded.b,
      manualDate: recorded?.m === 1,
      problems: read.problems,
    });
    if (!recorded) {
      log.log({ actor, orderCode: "", rowId, event: EVENT.created, detail: grid.text(r, "recipientName") });
    } else if (read.fields && read.fields.boxes !== recorded.b) {
      log.log({
        actor,
        orderCode: grid.text(r, "orderCode"),
        rowId,
        event: EVENT.boxes,
        from: String(recorded.b),
        to: String(read.fields.boxes),
      });
    }
  }
  return { rows, unsummed };
}

const codeRows = (grid: Grid, rows: readonly RowState[]): CodeRow[] =>
  rows.map((s) => ({
    code: s.orderCode,
    orderer: grid.text(s.r, "ordererName"),
    ordererPhone: s.fields?.ordererPhone ?? grid.text(s.r, "ordererPhone"),
    r: s.r,
  }));

/**
 * Rows without an order number get one; consecutive rows of the same orderer share it
 * (domain/orderCodes). `fresh`: numbers already known to be free in the rows not read (a scoped
 * pass); without them, every row was read and a number is free when no row has it. Returns how
 * many numbers a scoped pass lacked (0: every row has one now).
 */
export function assignOrderCodes(
  grid: Grid,
  rows: RowState[],
  log: DecisionLog,
  actor: Actor,
  random: RandomBytes,
  fresh: readonly string[] | null,
): number {
  const taken = new Set(rows.map((s) => s.orderCode).filter(Boolean));
  const ready = fresh ? fresh.filter((code) => !taken.has(code)) : null;
  const given = ready?.length ?? 0;
  let short = 0;
  const codes = orderCodesOf(codeRows(grid, rows), () => {
    if (ready) {
      const code = ready.shift();
      if (code === undefined) short++;
      return code ?? "";
    }
    const code = newOrderCode(random, taken);
    taken.add(code);
    return code;
  });
  if (short > 0) return given + short;
  rows.forEach((s, i) => {
    if (s.orderCode) return;
    s.orderCode = codes[i]!;
    grid.set(s.r, "orderCode", s.orderCode);
  });
  const codeOf = new Map(rows.map((s) => [s.rowId, s.orderCode]));
  for (const e of log.events) {
    if (e.event !== EVENT.created) continue;
    e.orderCode = codeOf.get(e.rowId) ?? "";
    e.actor = actor;
  }
  return 0;
}
