/**
 * Reading another program's file: an .xlsx (Excel, LibreOffice, openpyxl) or a CSV/TSV in
 * UTF-8 (with or without BOM), UTF-16 or CP949/EUC-KR (what Korean Excel writes), separated by
 * commas, semicolons, tabs or bars. CSV goes through csv-parse in strict mode: a broken quote
 * stops the import at the line that broke, so no line is ever swallowed into a cell unnoticed.
 * A password-protected .xlsx (a bank's export) is decrypted in memory with the password typed.
 */
import { CsvError, parse } from "csv-parse/sync";
import { existsSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import { CSV_PROBLEM_TEXT, unifyLineEnds, type CsvParsed, type CsvProblem } from "../app/csv";
import type { Cell } from "../app/port";
import { findBankLayout, readBankExport, type BankExport } from "../app/bankImport";
import { matchHeaders } from "../app/importRows";
import { WorkbookFileError, readSheetsOf } from "./xlsx";

/** What a source file held, and what had to be done to read it (in Korean, for the report). */
export interface Source {
  rows: Cell[][];
  notes: string[];
  /** 1-based physical line where each row starts (CSV), for messages that name a line. */
  lines?: number[];
}

type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "cp949" | "mixed";
const ENCODING_NAME: Record<Encoding, string> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16",
  "utf-16be": "UTF-16",
  cp949: "CP949(EUC-KR)",
  mixed: "UTF-8과 CP949가 섞인",
};

const utf8 = (bytes: Uint8Array): string | null => {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
};

/** UTF-16 without a BOM shows as every other byte being zero in ASCII text. */
function utf16Without(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096));
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  if (sample.length < 4) return null;
  // Hangul syllables may have a zero byte too, on the other side: compare the two sides.
  if (odd > sample.length / 8 && odd > even * 4) return "utf-16le";
  if (even > sample.length / 8 && even > odd * 4) return "utf-16be";
  return null;
}

/**
 * The text of a file and the encoding found. A file that is neither valid UTF-8 nor valid as a
 * whole in one encoding (lines pasted together from two programs) is read line by line.
 */
export function decodeSource(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const wide = utf16Without(body);
  if (wide) return { text: new TextDecoder(wide).decode(body), encoding: wide };
  const whole = utf8(body);
  if (whole !== null) return { text: whole, encoding: "utf-8" };
  // 0x0A never occurs inside a CP949 or UTF-8 character, so lines can be decoded one by one.
  const cp949 = new TextDecoder("euc-kr");
  let utf8Lines = 0;
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i < body.length && body[i] !== 0x0a) continue;
    const line = body.subarray(start, i);
    const asUtf8 = utf8(line);
    if (asUtf8 !== null && [...asUtf8].some((ch) => ch.charCodeAt(0) > 0x7f)) utf8Lines++;
    parts.push(asUtf8 ?? cp949.decode(line));
    start = i + 1;
  }
  return { text: parts.join("\n"), encoding: utf8Lines > 0 ? "mixed" : "cp949" };
}

/** The text of a file: UTF-8 (BOM or not), UTF-16, CP949, or a mix of UTF-8 and CP949 lines. */
export function decodeText(bytes: Uint8Array): string {
  return decodeSource(bytes).text;
}

const DELIMITERS = [",", "\t", ";", "|"] as const;
const DELIMITER_NAME: Record<(typeof DELIMITERS)[number], string> = {
  ",": "쉼표",
  "\t": "탭",
  ";": "세미콜론",
  "|": "세로 막대",
};
const SPLIT_BY: Record<(typeof DELIMITERS)[number], string> = {
  ",": "쉼표로",
  "\t": "탭으로",
  ";": "세미콜론으로",
  "|": "세로 막대로",
};

/** csv-parse's error codes, as the problems the app's parser names (src/app/csv.ts). */
const CSV_PROBLEM: Record<string, CsvProblem> = {
  CSV_QUOTE_NOT_CLOSED: "quoteNotClosed",
  CSV_INVALID_CLOSING_QUOTE: "textAfterClosingQuote",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "textAfterClosingQuote",
  INVALID_OPENING_QUOTE: "quoteInsideField",
  CSV_INVALID_OPENING_QUOTE: "quoteInsideField",
};

interface Parsed {
  rows: string[][];
  lines: number[];
}

/**
 * A file's text through csv-parse, strict (RFC 4180): every row and the line it starts on, or
 * the first structural problem and its line, in the form the app's parser gives for pasted text.
 */
export function parseCsvFile(text: string, delimiter: string): CsvParsed {
  let parsedUpTo = 0;
  try {
    const records = parse(unifyLineEnds(text), {
      delimiter,
      relax_column_count: true, // ragged rows are kept and reported by the import
      relax_quotes: false,
      skip_empty_lines: false,
      info: true,
      on_record: (record: string[], context: { lines: number }) => {
        parsedUpTo = context.lines;
        return record;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
    const rows: string[][] = [];
    const lines: number[] = [];
    let previousEnd = 0;
    for (const { record, info } of records) {
      rows.push(record);
      lines.push(previousEnd + 1);
      previousEnd = info.lines;
    }
    return { ok: true, rows, lines };
  } catch (error) {
    const problem = error instanceof CsvError ? CSV_PROBLEM[error.code] : undefined;
    if (!problem) throw error;
    // An unclosed quote runs to the end of the file: the line to fix is where its record began.
    const line =
      problem === "quoteNotClosed" ? parsedUpTo + 1 : ((error as CsvError & { lines?: number }).lines ?? 0);
    return { ok: false, problem, line };
  }
}

/** Strict RFC 4180 (csv-parse); a structural error names the line and nothing is imported. */
export function parseCsvStrict(text: string, delimiter: string, name: string): Parsed {
  const parsed = parseCsvFile(text, delimiter);
  if (parsed.ok) return parsed;
  throw new WorkbookFileError(
    `${name}: ${parsed.line ? `${parsed.line}번째 줄에서 ` : ""}CSV 형식이 깨졌습니다: ${CSV_PROBLEM_TEXT[parsed.problem]}. 아무 줄도 가져오지 않았습니다. 원본을 고친 뒤 다시 가져오세요`,
  );
}

/** The first lines as rows; a broken line in them ends the sample (the full parse names it). */
function parseSample(head: string, delimiter: string, name: string): Parsed {
  let lines = head.split("\n");
  while (lines.length > 0) {
    try {
      return parseCsvStrict(lines.join("\n"), delimiter, name);
    } catch {
      lines = lines.slice(0, -1);
    }
  }
  return { rows: [], lines: [] };
}

/** The first line's shape, for a message when no header is found. */
function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

const ORDERS_HEADER_NOT_FOUND = "머리글 줄을 찾지 못했습니다 (예: 이름, 연락처, 주소, 상자수)";
const BANK_HEADER_NOT_FOUND = "거래내역의 머리글(거래일시, 거래금액 또는 입금/출금, 내용)을 찾지 못했습니다";

/** Whether rows hold the header the caller looks for (it picks the delimiter). */
export type Recognise = (rows: Cell[][]) => boolean;

export function readCsvText(
  text: string,
  encoding: Encoding,
  name: string,
  recognise: Recognise = (rows) => matchHeaders(rows) !== null,
  /** What to say when no header is found: the header this caller looks for. */
  notFound = ORDERS_HEADER_NOT_FOUND,
): Source {
  const notes: string[] = [];
  if (encoding !== "utf-8") notes.push(`${ENCODING_NAME[encoding]} 인코딩으로 읽었습니다`);
  if (encoding === "mixed")
    notes.push("줄마다 인코딩이 달라 한 줄씩 따로 읽었습니다. 글자가 맞는지 확인하세요");
  // Headers and names typed on a Mac may arrive decomposed (NFD); Korean is compared composed.
  const composed = text.normalize("NFC");
  if (composed !== text) notes.push("풀어 쓴(NFD) 한글을 합쳐 읽었습니다");
  // The delimiter is the one whose first lines hold a known header row.
  const head = composed.split(/\r?\n/).slice(0, 12).join("\n");
  for (const delimiter of DELIMITERS) {
    const sample = parseSample(head, delimiter, name);
    if (!recognise(sample.rows)) continue;
    if (delimiter !== ",") notes.push(`${SPLIT_BY[delimiter]} 나뉜 파일로 읽었습니다`);
    const parsed = parseCsvStrict(composed, delimiter, name);
    return { rows: parsed.rows, lines: parsed.lines, notes };
  }
  const counts = DELIMITERS.map((d) => `${DELIMITER_NAME[d]} ${head.split("\n")[0]!.split(d).length - 1}개`);
  throw new WorkbookFileError(
    `${name}: ${notFound}. ` +
      `${ENCODING_NAME[encoding]} 인코딩으로 읽은 첫 줄: "${firstLine(composed)}" (${counts.join(", ")})`,
  );
}

/** A password, or how to ask for it (only when the file turns out to be protected). */
export type PasswordSource = string | undefined | (() => Promise<string | undefined>);

/** A protected .xlsx opened in memory with the password Tony typed; never kept or logged. */
async function decrypted(path: string, bytes: Buffer, source: PasswordSource): Promise<Buffer> {
  // Loaded only when a source file is read (about 0.1 s of every command's start otherwise).
  const { default: officeCrypto } = await import("officecrypto-tool");
  if (!officeCrypto.isEncrypted(bytes)) return bytes;
  const password = typeof source === "function" ? await source() : source;
  if (!password)
    throw new WorkbookFileError(
      `암호가 걸린 파일입니다. 실행할 때 묻는 칸에 암호를 적거나, PEACH_BANK_PASSWORD 환경 변수로 알려 주세요: ${path}`,
    );
  try {
    return await officeCrypto.decrypt(bytes, { password });
  } catch {
    // The library's message may echo its input; ours names only the file.
    throw new WorkbookFileError(`암호가 맞지 않아 열 수 없습니다: ${path}`);
  }
}

export async function readSource(
  path: string,
  recognise: Recognise = (rows) => matchHeaders(rows) !== null,
  password?: PasswordSource,
  notFound = ORDERS_HEADER_NOT_FOUND,
): Promise<Source> {
  if (!existsSync(path)) throw new WorkbookFileError(`파일이 없습니다: ${path}`);
  const ext = extname(path).toLowerCase();
  if (ext === ".csv" || ext === ".txt" || ext === ".tsv") {
    const { text, encoding } = decodeSource(readFileSync(path));
    return readCsvText(text, encoding, path, recognise, notFound);
  }
  if (ext !== ".xlsx" && ext !== ".xlsm")
    throw new WorkbookFileError(`.xlsx 또는 .csv 파일만 가져올 수 있습니다: ${path}`);
  const bytes = await decrypted(path, readFileSync(path), password);
  const sheets = await readSheetsOf(path, bytes);
  const rows = sheets.find(recognise) ?? sheets[0] ?? [];
  return { rows, notes: [] };
}

/** A bank's transaction export (.xlsx, protected or not, or CSV), read into bank lines. */
export async function readBankSource(path: string, password?: PasswordSource): Promise<BankExport> {
  const recognise = (rows: Cell[][]) => findBankLayout(rows) !== null;
  const source = await readSource(path, recognise, password, BANK_HEADER_NOT_FOUND);
  const found = readBankExport(source.rows, source.lines);
  if (!found) throw new WorkbookFileError(`${BANK_HEADER_NOT_FOUND}: ${path}`);
  return found;
}
