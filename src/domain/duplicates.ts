/**
 * When an imported row is the same order line as one already in 주문: same orderer, recipient,
 * address, item, boxes and order day. Importing a backup (or the workbook itself) must not
 * double every order; a deliberate repeat is imported with `--allow-duplicates`.
 */
import { parseSeoulDate, seoulDateOf } from "./clock";
import { normalizeBoxes } from "./validation";

export interface LineIdentity {
  ordererName: unknown;
  recipientName: unknown;
  address: unknown;
  item: unknown;
  boxes: unknown;
  orderedAt: unknown;
}

const words = (value: unknown): string =>
  String(value ?? "")
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim();

/** A key equal for two rows exactly when they are the same order line. */
export function duplicateKey(line: LineIdentity, seasonYear: number): string {
  const boxes = normalizeBoxes(line.boxes);
  const at = line.orderedAt;
  const parsed = at instanceof Date ? null : parseSeoulDate(at, seasonYear);
  const day = at instanceof Date ? seoulDateOf(at) : parsed?.ok ? parsed.value : words(at);
  return JSON.stringify([
    words(line.ordererName),
    words(line.recipientName),
    words(line.address),
    words(line.item),
    boxes.ok ? boxes.value : words(line.boxes),
    day,
  ]);
}
