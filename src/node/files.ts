/**
 * The CLI's work on a workbook file: open it, run the application layer with a fixed or real
 * clock, save it atomically.
 */
import type { SyncResult } from "../app/sync";
import { sync } from "../app/sync";
import { statusLabel } from "../domain/status";
import { RECONCILE, localHost, playDemoSeason, type LocalHost } from "../local/demo";
import { XlsxWorkbook } from "../local/xlsx";

export type FileHost = LocalHost<XlsxWorkbook>;

export async function openFile(path: string, now: Date): Promise<FileHost> {
  return localHost(await XlsxWorkbook.open(path), now);
}

/** A new workbook from the templates, optionally with the demo season played into it. */
export async function initFile(path: string, demo: boolean, now: Date): Promise<FileHost> {
  const host = localHost(XlsxWorkbook.create(path), now);
  host.workbook.setUp();
  if (demo) playDemoSeason(host);
  else sync(host, RECONCILE);
  await host.workbook.save();
  return host;
}

/** The same reconcile as the Apps Script timer, then the file saved. */
export async function syncFile(host: FileHost, todayTabDate?: string): Promise<SyncResult | null> {
  const result = sync(host, { ...RECONCILE, todayTabDate });
  await host.workbook.save();
  return result;
}

/** `sync --json`: a documented interface (README, docs/cli.md). */
export function syncJson(result: SyncResult | null, settingsError: string | null): unknown {
  if (!result) {
    return {
      shipments: [],
      days: [],
      problems: [{ row: null, field: "설정", message: settingsError ?? "설정 오류" }],
    };
  }
  return {
    shipments: result.rows.map((s) => ({
      rowId: s.rowId,
      orderCode: s.orderCode,
      recipient: result.table.text(s.r, "recipientName"),
      boxes: s.boxes,
      goods: s.amounts?.goods ?? null,
      shippingFee: s.amounts?.shippingFee ?? null,
      total: s.amounts?.total ?? null,
      payment: s.paid ? "paid" : "unpaid",
      status: s.status,
      statusLabel: statusLabel(s.status),
      shipDate: s.shipDate,
    })),
    days: result.days.map((d) => ({ date: d.date, capacity: d.capacity, assigned: d.assigned })),
    problems: result.rows.flatMap((s) =>
      s.problems.map((p) => ({
        rowId: s.rowId,
        row: result.table.sheetRow(s.r),
        field: p.field,
        message: p.message,
      })),
    ),
  };
}
