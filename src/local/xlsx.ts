/**
 * The Workbook port over an .xlsx file, keeping what Tony made: his styles, column widths,
 * validations, extra columns and tabs stay, because only the rows the application changes are
 * rewritten and every other part of the file is copied as it was (`XlsxBook`). The file is
 * saved atomically (a temporary file, then a rename), and a workbook open in Excel or
 * LibreOffice is refused with a clear message instead of being damaged.
 */
import type ExcelJS from "exceljs";

/**
 * ExcelJS only where a workbook or a tab is made (or a courier file written): loaded then, not
 * by every command (about 0.4 s of a command's start).
 */
async function excel(): Promise<typeof ExcelJS> {
  const loaded = (await import("exceljs")) as typeof ExcelJS & { default?: typeof ExcelJS };
  return loaded.default ?? loaded;
}
import { randomBytes } from "node:crypto";
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import type { Cell, WorkbookPort } from "../app/port";
import { planSetup, recreateRepair, type TabRepair } from "../app/setup";
import { instantToWallClock, type SeoulDate } from "../domain/clock";
import { itemNames } from "../domain/settings";
import { LISTS, tab, type ColumnDef, type TabDef } from "../templates";
import { UserError } from "./userError";
import {
  WorkbookFileError,
  canonicalNoteParts,
  checkInflatedSize,
  droppedParts,
  zipEntries,
} from "./xlsxParts";
import { XlsxBook, type XlsxSheet } from "./xlsxBook";
import { ZipFileWriter } from "./zipWrite";

export { WorkbookFileError };

/** The first bytes of a file: an .xlsx is a zip (`PK\x03\x04`), an old .xls an OLE file. */
function magicOf(path: string): Buffer {
  const bytes = Buffer.alloc(8);
  const fd = openSync(path, "r");
  try {
    readSync(fd, bytes, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/** Refuses, with what to do instead, a file that is not an .xlsx workbook; ExcelJS's own words never reach a person. */
export function assertXlsx(path: string): void {
  if (!existsSync(path)) throw new WorkbookFileError(`파일이 없습니다: ${path}`);
  if (!statSync(path).isFile()) throw new WorkbookFileError(`파일이 아니라 폴더입니다: ${path}`);
  const magic = magicOf(path);
  if (magic.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return;
  if (magic.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
    throw new WorkbookFileError(
      `예전 엑셀 형식(.xls)입니다: ${path}. 엑셀에서 'Excel 통합 문서(.xlsx)'로 저장한 뒤 다시 실행하세요`,
    );
  const ext = extname(path).toLowerCase();
  if (ext === ".csv" || ext === ".txt")
    throw new WorkbookFileError(
      `CSV 파일은 통합 문서가 아닙니다: ${path}. 주문을 가져오려면 peach-orders import ${path} --into 주문.xlsx`,
    );
  throw new WorkbookFileError(
    `엑셀 통합 문서(.xlsx)가 아닙니다: ${path}. 주문이 담긴 표라면 peach-orders import ${path} --into 주문.xlsx 로 가져오세요`,
  );
}

/**
 * The file a save replaces: the target of a symbolic link (the link itself stays a link, as
 * Tony made it), or the path itself.
 */
export function savedFileOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Refuses before any work a file that cannot be saved over: read-only, in a folder we cannot
 * write, or with a second name (a hard link), which an atomic save would leave on the old copy.
 */
export function assertWritable(path: string): void {
  const name = basename(path);
  const target = savedFileOf(path);
  const stat = statSync(target);
  // Root may write a file without write bits; Tony's read-only mark must still hold.
  if ((stat.mode & 0o222) === 0)
    throw new WorkbookFileError(
      `${name} 파일이 읽기 전용입니다. 파일 속성에서 읽기 전용을 끈 뒤 다시 실행하세요`,
    );
  if (stat.nlink > 1)
    throw new WorkbookFileError(
      `${name} 파일에 다른 이름(하드 링크 ${stat.nlink - 1}개)이 있습니다. 저장하면 그 이름은 옛 내용에 남으므로 저장하지 않았습니다. 하드 링크 대신 바로 가기(심볼릭 링크)를 쓰거나 파일을 복사해 쓰세요`,
    );
  try {
    accessSync(target, constants.W_OK);
    accessSync(dirname(target), constants.W_OK);
  } catch {
    throw new WorkbookFileError(`${name} 파일이나 그 폴더에 쓸 권한이 없습니다`);
  }
}

/** `.주문.xlsx.1234.9f3a….tmp`: the temporary file of a save by process 1234. */
const isTemporaryOf = (name: string, file: string) =>
  file.startsWith(`.${name}.`) && /^\d+(\.[0-9a-f]+)?\.tmp$/.test(file.slice(name.length + 2));

/**
 * The temporary file a save writes before its rename: unique per save (process and random
 * part), so two saves at once in one process never write into the same file.
 */
const temporaryOf = (path: string) =>
  join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);

/**
 * Temporary files left by a save that was killed before its rename (the workbook itself is
 * whole: the rename is atomic). Call only while holding the workbook lock, when no save runs.
 */
export function removeLeftoverTemporaries(path: string): string[] {
  const target = savedFileOf(path);
  const dir = dirname(target);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => isTemporaryOf(basename(target), n));
  } catch {
    return [];
  }
  for (const n of names) rmSync(join(dir, n), { force: true });
  return names;
}

/** One Korean line for a failed write; the workbook is untouched since the rename never ran. */
function saveFailure(name: string, error: unknown): WorkbookFileError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOSPC" || code === "EDQUOT")
    return new WorkbookFileError(
      `디스크 공간이 모자라 ${name} 파일을 저장하지 못했습니다. 파일은 그대로입니다`,
    );
  if (code === "EBUSY" || code === "EPERM" || code === "EACCES" || code === "EROFS")
    return new WorkbookFileError(
      `${name} 파일에 쓸 수 없습니다 (다른 프로그램에서 열려 있거나 권한이 없습니다). 파일은 그대로입니다`,
    );
  return new WorkbookFileError(
    `${name} 파일을 저장하지 못했습니다 (${code ?? "알 수 없는 오류"}). 파일은 그대로입니다`,
  );
}

/**
 * An .xlsx read safely: refused before inflating when it would grow past the limits, its notes'
 * part names repaired when another program (openpyxl) wrote them, and the parts the program does
 * not model named. Cells are read only when asked for (`XlsxBook`).
 */
export async function readWorkbookFile(
  path: string,
  /** The file's bytes when the caller already has them (a decrypted export). */
  given?: Buffer,
): Promise<{ book: XlsxBook; dropped: string[] }> {
  if (!given) assertXlsx(path); // decrypted bytes come from a file that is not a zip itself
  const bytes = given ?? readFileSync(path);
  const entries = zipEntries(bytes);
  if (!entries || !entries.some((e) => e.name === "xl/workbook.xml"))
    throw new WorkbookFileError(
      `엑셀 통합 문서(.xlsx)가 아닙니다: ${path}. 주문이 담긴 표라면 peach-orders import ${path} --into 주문.xlsx 로 가져오세요`,
    );
  checkInflatedSize(entries, bytes.length, path);
  const dropped = droppedParts(bytes, entries);
  try {
    // Notes under the names other writers use are renamed, so every later reader finds them.
    const readable = await canonicalNoteParts(bytes, entries);
    const book = readable ? new XlsxBook(readable, zipEntries(readable)!) : new XlsxBook(bytes, entries);
    return { book, dropped };
  } catch (error) {
    if (error instanceof UserError) throw error;
    // A parser's own words never reach a person.
    throw new WorkbookFileError(`엑셀 파일이 손상되어 읽을 수 없습니다: ${path}`);
  }
}

/** Every tab's values, in the workbook's order (an import source: values only). */
export async function readSheetsOf(path: string, given?: Buffer): Promise<Cell[][][]> {
  const { book } = await readWorkbookFile(path, given);
  try {
    return book.sheets.map((sheet) => sheet.readAll());
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new WorkbookFileError(`엑셀 파일이 손상되어 읽을 수 없습니다: ${path}`);
  }
}

/**
 * A new workbook from the templates (tabs, headers, widths, formats, dropdowns, notes), made
 * with ExcelJS while it is small; every later read and save goes through `XlsxBook`.
 */
const templateBytes = (today: SeoulDate): Promise<Buffer> =>
  // A new workbook: the items of the template's 설정.
  workbookBytes(planSetup(new Map(), today), itemNames([]));

/**
 * A workbook holding the tabs `repairs` plan, with setup's look; `items` are the choices of the
 * 품목 dropdown. Both a new workbook and a deleted tab made again come from here.
 */
async function workbookBytes(repairs: TabRepair[], items: string[]): Promise<Buffer> {
  const book = new (await excel()).Workbook();
  for (const repair of repairs) {
    const def = repair.tab;
    const sheet = book.getWorksheet(def.name) ?? book.addWorksheet(def.name);
    if (repair.create) sheet.views = [{ state: "frozen", ySplit: def.headerRow }];
    if (repair.create && def.hidden) sheet.state = "hidden";
    for (const { column, index } of repair.add) {
      const header = sheet.getRow(def.headerRow).getCell(index);
      header.value = column.header;
      header.font = { bold: true };
      formatColumn(sheet, def.headerRow, column, index, items);
    }
    (repair.initialRows as Cell[][]).forEach((line, i) => {
      const target = sheet.getRow(def.headerRow + 1 + i);
      line.forEach((v, j) => {
        const cell = target.getCell(1 + j);
        if (v instanceof Date) {
          cell.value = instantToWallClock(v);
          if (!cell.numFmt || cell.numFmt === "General") cell.numFmt = "yyyy-mm-dd hh:mm";
        } else {
          cell.value = v === "" ? null : v;
        }
      });
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

function formatColumn(
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  column: ColumnDef,
  index: number,
  items: string[],
): void {
  const col = sheet.getColumn(index);
  col.width = Math.round(column.width / 7);
  if (column.hidden) col.hidden = true;
  if (column.format) col.numFmt = column.format;
  const letter = col.letter;
  const range = `${letter}${headerRow + 1}:${letter}2000`;
  const v = column.validation;
  // ExcelJS has range validations but its types do not declare them.
  const validations = (
    sheet as unknown as { dataValidations: { add(r: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations;
  if (v?.checkbox) {
    validations.add(range, { type: "list", allowBlank: true, formulae: ['"TRUE,FALSE"'] });
  } else if (v?.list) {
    const values = v.list === "items" ? items : LISTS[v.list];
    if (values.length > 0) {
      validations.add(range, {
        type: "list",
        allowBlank: true,
        showErrorMessage: v.list !== "items" && v.list !== "payment",
        formulae: [`"${values.join(",")}"`],
      });
    }
  }
  if (column.note) sheet.getRow(headerRow).getCell(index).note = column.note;
}

export class XlsxWorkbook implements WorkbookPort {
  /** Runs just before the saved file replaces the workbook (the lock's last check). */
  beforeReplace: () => void = () => undefined;
  /** Tabs made again since opening, and how to make their look (`addTab`). */
  private readonly looks: { sheet: XlsxSheet; make: () => Promise<Buffer> }[] = [];

  private constructor(
    readonly path: string,
    readonly book: XlsxBook,
    /** Parts of the file the program does not model (charts…): saving is refused while any. */
    readonly dropped: readonly string[] = [],
  ) {}

  /** A new workbook with every tab of the templates, not yet saved. */
  static async create(path: string, today: SeoulDate): Promise<XlsxWorkbook> {
    const bytes = await templateBytes(today);
    return new XlsxWorkbook(path, new XlsxBook(bytes, zipEntries(bytes)!));
  }

  static async open(path: string): Promise<XlsxWorkbook> {
    const { book, dropped } = await readWorkbookFile(path);
    return new XlsxWorkbook(path, book, dropped);
  }

  sheet(name: string): XlsxSheet | null {
    return this.book.sheet(name);
  }

  /**
   * A deleted tab of the script's, made again with setup's look. Its header is written now; the
   * look (widths, formats, dropdowns, bold header, frozen rows) is made by ExcelJS in a one-tab
   * workbook when saving (ExcelJS writes only asynchronously) and given to the new sheet part.
   */
  addTab(def: TabDef): XlsxSheet {
    const repair = recreateRepair(def);
    const sheet = this.book.addSheet(def.name);
    for (const { column, index } of repair.add) sheet.write(def.headerRow, index, [[column.header]]);
    // The dropdown of 품목 lists 설정's items, as setup gives it.
    const settings = this.sheet(tab("settings").name);
    const items = itemNames((settings?.readAll().slice(1) ?? []).map(([label, value]) => ({ label, value })));
    this.looks.push({ sheet, make: () => workbookBytes([repair], items) });
    return sheet;
  }

  /** Saves atomically; refuses when Excel or LibreOffice has the file open. */
  async save(): Promise<void> {
    const name = basename(this.path);
    if (this.dropped.length > 0) {
      throw new WorkbookFileError(
        `${name}에 이 프로그램이 저장할 수 없는 것이 있습니다: ${this.dropped.join(", ")}. 이 프로그램은 그것들을 함께 고치지 못해 바뀐 셀과 맞지 않게 될 수 있으므로 저장하지 않았습니다. 주문 관리는 그것들이 없는 별도 파일에서 하세요 (엑셀에서 주문 탭들을 새 통합 문서로 옮기기)`,
      );
    }
    if (openElsewhere(this.path)) {
      throw new WorkbookFileError(
        `${name} 파일이 다른 프로그램(엑셀 등)에서 열려 있습니다. 그 프로그램에서 닫은 뒤 다시 실행하세요`,
      );
    }
    const existing = existsSync(this.path);
    if (existing) assertWritable(this.path);
    // Through a symbolic link to its target; the saved file keeps the mode it had (600 stays 600).
    const target = savedFileOf(this.path);
    const mode = existing ? statSync(target).mode & 0o7777 : null;
    const temporary = temporaryOf(target);
    let zip: ZipFileWriter | null = null;
    try {
      // Inside the try: ExcelJS's own words, were it to fail, never reach a person.
      for (const look of this.looks.splice(0)) {
        const made = await look.make();
        this.book.giveLook(look.sheet, new XlsxBook(made, zipEntries(made)!));
      }
      zip = new ZipFileWriter(temporary);
      await this.book.writeTo(zip);
      zip.finish();
      if (mode !== null) chmodSync(temporary, mode);
      this.beforeReplace();
      renameSync(temporary, target);
    } catch (error) {
      zip?.close();
      rmSync(temporary, { force: true });
      if (error instanceof UserError) throw error;
      throw saveFailure(name, error);
    }
  }
}

/** Whether Excel (`~$name`) or LibreOffice (`.~lock.name#`) has the workbook open. */
export function openElsewhere(path: string): boolean {
  // The file itself and, through a symbolic link, the file it points at.
  return [path, savedFileOf(path)].some((p) => {
    const dir = dirname(p);
    const name = basename(p);
    return [`~$${name}`, `.~lock.${name}#`].some((lock) => existsSync(join(dir, lock)));
  });
}

/** The author written into the files we make for other programs, so we know them again. */
const MADE_BY = "peach-orders";

/** Two names of one file (the same file through a link, or the same inode). */
export function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Whether an existing file is one `writeSimpleXlsx` made (a courier file of an earlier day). */
export async function madeByUs(path: string): Promise<boolean> {
  if (statSync(path).size > 20 * 1024 * 1024) return false;
  const book = new (await excel()).Workbook();
  try {
    await book.xlsx.readFile(path);
  } catch {
    return false;
  }
  return book.creator === MADE_BY;
}

/** A one-sheet file for another program (the courier's upload): every text cell stays text. */
export async function writeSimpleXlsx(path: string, sheetName: string, rows: Cell[][]): Promise<void> {
  const book = new (await excel()).Workbook();
  book.creator = MADE_BY;
  const sheet = book.addWorksheet(sheetName);
  rows.forEach((row, r) =>
    row.forEach((value, c) => {
      const cell = sheet.getRow(r + 1).getCell(c + 1);
      cell.value = value instanceof Date ? instantToWallClock(value) : value === "" ? null : value;
      if (typeof value === "string") cell.numFmt = "@";
      if (r === 0) cell.font = { bold: true };
    }),
  );
  rows[0]?.forEach((_, c) => (sheet.getColumn(c + 1).width = 16));
  const target = savedFileOf(path);
  const temporary = temporaryOf(target);
  try {
    await book.xlsx.writeFile(temporary);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw saveFailure(basename(path), error);
  }
}
