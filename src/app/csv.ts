/** CSV both ways (RFC 4180), and the tab-separated text a spreadsheet copies to the clipboard. */

/** Quoted fields, doubled quotes, commas and line breaks inside quotes. */
export function parseCsv(text: string, separator = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === separator) {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Text pasted from Excel or Sheets is tab-separated; a CSV file is comma-separated. */
export function parsePasted(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  return parseCsv(text, firstLine.includes("\t") ? "\t" : ",");
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
