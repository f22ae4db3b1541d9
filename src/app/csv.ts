/**
 * CSV both ways (RFC 4180), and the tab-separated text a spreadsheet copies to the clipboard.
 *
 * Reading is strict, and means what csv-parse (the well-kept parser file imports use, in
 * src/local/sourceFile.ts) means with `relax_quotes: false, relax_column_count: true,
 * skip_empty_lines: false`: test/csvParser.test.ts checks the two agree on random inputs, rows
 * and errors alike. This one exists because csv-parse's browser build (its Buffer polyfill
 * included) does not fit the Apps Script bundle's budget; pasted text on both hosts goes
 * through it, so a paste and a file are read one way.
 */

/** What breaks a CSV's structure; nothing is read from a text that has one. */
export type CsvProblem = "quoteNotClosed" | "textAfterClosingQuote" | "quoteInsideField";

export const CSV_PROBLEM_TEXT: Record<CsvProblem, string> = {
  quoteNotClosed: "따옴표가 닫히지 않았습니다",
  textAfterClosingQuote: "닫는 따옴표 뒤에 다른 글자가 있습니다",
  quoteInsideField: "칸 가운데에 따옴표가 있습니다 (따옴표는 칸 전체를 감싸야 합니다)",
};

/**
 * Every row and the 1-based line it starts on, or the first problem and its line: the line
 * where a never-closed quoted row began, else the line of the quote at fault.
 */
export type CsvParsed =
  { ok: true; rows: string[][]; lines: number[] } | { ok: false; problem: CsvProblem; line: number };

/**
 * One line end for every program's: CRLF (Windows, Excel's clipboard) and a lone CR (old Mac)
 * become LF, before either parser runs. csv-parse would otherwise take the first line end it
 * meets for the whole text and read the others into cells, joining lines without a word.
 */
export function unifyLineEnds(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** Quoted fields, doubled quotes, delimiters and line breaks inside quotes; rows may differ in length. */
export function parseCsv(input: string, delimiter = ","): CsvParsed {
  const text = unifyLineEnds(input);
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  /** The last field was quoted and has closed: only a delimiter or a line end may follow. */
  let closed = false;
  let line = 1;
  let rowLine = 1;
  const endField = () => {
    row.push(field);
    field = "";
    closed = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        const next = text[i + 1];
        if (next !== undefined && next !== delimiter && next !== "\n")
          return { ok: false, problem: "textAfterClosingQuote", line };
        quoted = false;
        closed = true;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"') {
      if (field !== "") return { ok: false, problem: "quoteInsideField", line };
      quoted = true;
    } else if (ch === delimiter) {
      endField();
    } else if (ch === "\n") {
      endField();
      rows.push(row);
      lines.push(rowLine);
      row = [];
      line++;
      rowLine = line;
    } else field += ch;
  }
  if (quoted) return { ok: false, problem: "quoteNotClosed", line: rowLine };
  if (closed || field !== "" || row.length > 0) {
    endField();
    rows.push(row);
    lines.push(rowLine);
  }
  return { ok: true, rows, lines };
}

/** Text pasted from Excel or Sheets is tab-separated; a CSV file is comma-separated. */
export function parsePasted(text: string): CsvParsed {
  const firstLine = text.split(/\r\n?|\n/, 1)[0] ?? "";
  return parseCsv(text, firstLine.includes("\t") ? "\t" : ",");
}

/** What Tony reads when pasted text cannot be read: the line, what is wrong, that nothing was taken. */
export function pastedProblem(parsed: { problem: CsvProblem; line: number }): string {
  return `붙여 넣은 내용의 ${parsed.line}번째 줄을 읽을 수 없습니다: ${CSV_PROBLEM_TEXT[parsed.problem]}. 아무 줄도 반영하지 않았습니다. 그 줄을 고쳐 다시 붙여 넣어 주세요`;
}

/** A CSV that Korean Excel opens correctly: UTF-8 with a BOM, CRLF line ends. */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  const field = (v: unknown) => {
    const text = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return "\uFEFF" + rows.map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

/**
 * A CSV for Excel to open (the courier file from Sheets): text that would run as a formula
 * (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'` and shows as typed; digits Excel would
 * turn into a number (a postal code or a dashless phone with its leading 0, a 12-digit waybill; a dashed phone stays text by itself) are written
 * as `="06236"`, the one form Excel keeps as text. That formula holds only digits we checked.
 */
export function toExcelCsv(rows: readonly (readonly unknown[])[]): string {
  const cell = (v: unknown): unknown => {
    if (typeof v !== "string") return v;
    if (/^[=+\-@\t\r]/.test(v)) return `'${v}`;
    if (/^0\d*$/.test(v) || /^\d{12,}$/.test(v)) return `="${v}"`;
    return v;
  };
  return toCsv(rows.map((r) => r.map(cell)));
}
