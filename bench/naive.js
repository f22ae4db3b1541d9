// The baseline: the same payment edit done the way Apps Script tutorials do it, one getValue /
// setValue per cell. It finds the order by scanning 주문 row by row and marks every row of it paid.
// Loaded into the emulator by bench/run.ts; never part of the product.
/* global SpreadsheetApp */
/* eslint-disable @typescript-eslint/no-unused-vars -- called by name from the emulator */
function naiveMarkPaid(orderCode) {
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName("주문");
  var lastRow = sheet.getLastRow();
  var lastColumn = sheet.getLastColumn();
  var codeColumn = 0;
  var paymentColumn = 0;
  var paidAtColumn = 0;
  for (var c = 1; c <= lastColumn; c++) {
    var header = sheet.getRange(1, c).getValue();
    if (header === "주문번호") codeColumn = c;
    if (header === "입금상태") paymentColumn = c;
    if (header === "입금일시") paidAtColumn = c;
  }
  for (var r = 2; r <= lastRow; r++) {
    if (sheet.getRange(r, codeColumn).getValue() === orderCode) {
      sheet.getRange(r, paymentColumn).setValue("입금완료");
      sheet.getRange(r, paidAtColumn).setValue(new Date());
    }
  }
}
