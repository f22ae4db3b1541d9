/**
 * 입금 내역 붙여넣기: Tony pastes the bank's transaction lines into a dialog, sees the proposed
 * matches, chooses for the doubtful ones, and applies them under the lock in one batched write.
 * The page calls the two functions below with the key its menu item gave it (surface.ts:
 * `page:showPaymentImport`); the work is src/app's, shared with the CLI's import-payments.
 */
import { paymentsApplyAnswer, paymentsPreviewAnswer } from "../app/paymentsPage";
import { gasHost } from "./host";
import { locked, page } from "./tools";

const host = () => gasHost(() => SpreadsheetApp.getActiveSpreadsheet());

export function showPaymentImport(): void {
  const { ui, output } = page("payments", "입금 내역 붙여넣기", "showPaymentImport");
  ui.showModalDialog(output.setWidth(760).setHeight(640), "입금 내역 붙여넣기");
}

/** The proposed matches of the pasted lines; reads only. */
export function previewBankPayments(text: unknown) {
  try {
    return paymentsPreviewAnswer(host(), text);
  } catch (error) {
    console.error(error);
    return { ok: false as const, error: "거래내역을 읽지 못했습니다. 다시 붙여 넣어 주세요" };
  }
}

/** Applies the sure matches and Tony's choices: `[{ line, codes }]`, an empty list skipping a line. */
export function applyBankPayments(text: unknown, choices: unknown) {
  return locked(() => paymentsApplyAnswer(host(), text, choices));
}
