/**
 * An .xlsx workbook as its own parts: the file's bytes stay as they were, a sheet's values are
 * read only when a command asks for them, and a save rewrites only the rows that changed and the
 * few parts that say which sheets exist. Every other part (styles, notes, validations, pictures,
 * Tony's own tabs) is copied byte for byte. No object per cell: a 100,000-row season, with its
 * 이력 of 2–8 lines per order, stays well within memory.
 */
import { sameCell } from "../domain/season/grid";
import { posix } from "node:path";
import type { Cell, SheetPort } from "../app/port";
import {
  type CellContext,
  type RawCell,
  type RowSpan,
  type SheetLayout,
  type Styles,
  attributes,
  cellXml,
  columnLetters,
  columnNumber,
  decodeText,
  encodeAttribute,
  parseSharedStrings,
  parseStyles,
  rowCells,
  rowSpans,
  sheetLayout,
  shiftFormula,
} from "./sheetXml";
import { WorkbookFileError, inflate, storedBytes, type ZipEntry } from "./xlsxParts";
import type { ZipFileWriter } from "./zipWrite";

const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const TYPE = (t: string) => `${REL_NS}/${t}`;
const WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const STYLES_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const DATE_FORMAT = "yyyy-mm-dd hh:mm";
/** The least styles part Excel opens: a General cell format (0) and a date one (1). */
const MADE_STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  `<numFmts count="1"><numFmt numFmtId="164" formatCode="${DATE_FORMAT}"/></numFmts>` +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  "</styleSheet>";

const isEmpty = (v: Cell | undefined) => v === undefined || v === "";

interface Relationship {
  id: string;
  type: string;
  /** Part name inside the zip. */
  part: string;
}

function relationships(xml: string, base: string): Relationship[] {
  return [...xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)].map((m) => {
    const a = attributes(m[1]!);
    const target = a.get("Target") ?? "";
    const part = target.startsWith("/")
      ? target.slice(1)
      : a.get("TargetMode") === "External"
        ? target
        : posix.normalize(posix.join(base, target));
    return { id: a.get("Id") ?? "", type: a.get("Type") ?? "", part };
  });
}

/** Column styles from `<cols>`: the style a new cell of that column starts with. */
function columnStyles(head: string, prefix: string): { min: number; max: number; style: string }[] {
  const found: { min: number; max: number; style: string }[] = [];
  for (const m of head.matchAll(new RegExp(`<${prefix}col\\b([^>]*?)/?>`, "g"))) {
    const a = attributes(m[1]!);
    const style = a.get("style");
    if (style !== undefined) found.push({ min: Number(a.get("min")), max: Number(a.get("max")), style });
  }
  return found;
}

/** The child elements `child` of the element `parent` in styles.xml, each whole. */
function elements(xml: string, parent: string, child: string): string[] {
  const p = /<([\w.-]+:)?styleSheet\b/.exec(xml)?.[1] ?? "";
  const body = new RegExp(`<${p}${parent}\\b[^>]*>([\\s\\S]*?)</${p}${parent}>`).exec(xml)?.[1] ?? "";
  return [...body.matchAll(new RegExp(`<${p}${child}\\b[^>]*?(?:/>|>[\\s\\S]*?</${p}${child}>)`, "g"))].map(
    (m) => m[0].replace(new RegExp(`(</?)${p.replace(".", "\\.")}`, "g"), "$1"),
  );
}

/** Unprefixed styles XML written with the namespace prefix of the file it goes into. */
const prefixed = (xml: string, p: string) => (p ? xml.replace(/<(\/?)(?!\w+:)(\w)/g, `<$1${p}$2`) : xml);

export class XlsxBook {
  readonly sheets: XlsxSheet[] = [];
  readonly context: CellContext;
  private readonly byName = new Map<string, ZipEntry>();
  private readonly workbookPart: string;
  private readonly stylesPart: string | null;
  private readonly stylesXml: string | null;
  /** Cell formats added for dates written into General cells, by the format they came from. */
  private readonly dateXfs = new Map<string, string>();
  /** Cell formats, number formats and fonts added to styles.xml (dates, a recreated tab's look). */
  private readonly addedXfs: { xml: string; numFmtId: number }[] = [];
  private readonly addedNumFmts: { id: number; code: string }[] = [];
  private readonly addedFonts: string[] = [];
  /** A styles part made for a workbook that had none (a hand-made or generated file) once a date is written. */
  private madeStylesPart: string | null = null;

  constructor(
    readonly bytes: Buffer,
    readonly entries: ZipEntry[],
  ) {
    for (const e of entries) {
      // Two parts under one name: readers disagree on which counts, and a save would write both.
      if (this.byName.has(e.name))
        throw new WorkbookFileError(
          `엑셀 파일 안에 같은 이름의 부분(${e.name})이 두 번 들어 있어 어느 쪽이 맞는지 알 수 없습니다. 엑셀에서 열어 새 이름으로 저장한 뒤 그 파일로 다시 실행하세요`,
        );
      this.byName.set(e.name, e);
    }
    const rootRels = this.text("_rels/.rels");
    this.workbookPart =
      (rootRels && relationships(rootRels, "").find((r) => r.type.endsWith("/officeDocument"))?.part) ||
      "xl/workbook.xml";
    const workbookXml = this.text(this.workbookPart);
    if (workbookXml === null) throw new WorkbookFileError("통합 문서 정보(workbook.xml)가 없습니다");
    const rels = relationships(
      this.text(this.relsOf(this.workbookPart)) ?? "",
      posix.dirname(this.workbookPart),
    );
    const byId = new Map(rels.map((r) => [r.id, r]));
    const sharedPart = rels.find((r) => r.type.endsWith("/sharedStrings"))?.part ?? null;
    this.stylesPart = rels.find((r) => r.type.endsWith("/styles"))?.part ?? null;
    this.stylesXml = this.stylesPart ? this.text(this.stylesPart) : null;
    const pr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(workbookXml);
    const date1904 = pr ? ["1", "true"].includes(attributes(pr[1]!).get("date1904") ?? "") : false;
    this.context = {
      shared: parseSharedStrings(sharedPart ? this.part(sharedPart) : null),
      styles: parseStyles(this.stylesXml),
      date1904,
      prefix: "",
    };
    for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)) {
      const a = attributes(m[1]!);
      const id = [...a].find(([k]) => k === "r:id" || k.endsWith(":id"))?.[1];
      const rel = id ? byId.get(id) : undefined;
      if (!rel || !rel.type.endsWith("/worksheet") || !this.byName.has(rel.part)) continue;
      this.sheets.push(new XlsxSheet(this, a.get("name") ?? "", rel.part));
    }
  }

  get styles(): Styles {
    return this.context.styles;
  }

  relsOf(part: string): string {
    return posix.join(posix.dirname(part), "_rels", `${posix.basename(part)}.rels`);
  }

  /** A part's bytes, inflated; null when the archive has no such part. */
  part(name: string): Buffer | null {
    const entry = this.byName.get(name);
    if (!entry) return null;
    let bytes: Buffer | null = null;
    try {
      bytes = inflate(this.bytes, entry);
    } catch {
      // zlib's own words (a broken block) never reach a person.
    }
    if (!bytes) throw new WorkbookFileError(`엑셀 파일의 ${name} 부분이 손상되어 읽을 수 없습니다`);
    return bytes;
  }

  text(name: string): string | null {
    return this.part(name)?.toString("utf8") ?? null;
  }

  sheet(name: string): XlsxSheet | null {
    return this.sheets.find((s) => s.name === name) ?? null;
  }

  addSheet(name: string): XlsxSheet {
    let n = this.sheets.length + 1;
    while (
      this.byName.has(`xl/worksheets/sheet${n}.xml`) ||
      this.sheets.some((s) => s.part === `xl/worksheets/sheet${n}.xml`)
    )
      n++;
    const sheet = new XlsxSheet(this, name, `xl/worksheets/sheet${n}.xml`, true);
    this.sheets.push(sheet);
    return sheet;
  }

  /**
   * The cell format a date is written with: the cell's own when it already shows a number
   * format, otherwise the same format with `yyyy-mm-dd hh:mm` (as a date typed into Excel gets).
   */
  dateStyle(style: string | null): string | null {
    if (!this.stylesXml) {
      // Without a styles part a date would be a bare serial and read back as a number.
      this.madeStylesPart ??= ["xl/styles.xml", "xl/peachStyles.xml"].find((n) => !this.byName.has(n))!;
      return "1";
    }
    const index = style === null ? 0 : Number(style);
    const numFmtId =
      this.styles.numFmtIds[index] ?? this.addedXfs[index - this.styles.xfs.length]?.numFmtId ?? 0;
    if (numFmtId !== 0) return style;
    const key = String(index);
    const known = this.dateXfs.get(key);
    if (known !== undefined) return known;
    const base =
      this.styles.xfs[index] ??
      this.addedXfs[index - this.styles.xfs.length]?.xml ??
      '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
    const made = this.addXf(base, { numFmtId: this.numFmtIdOf(DATE_FORMAT) });
    this.dateXfs.set(key, made);
    return made;
  }

  /** The id of a number format code: the file's own, or one added to styles.xml. */
  private numFmtIdOf(code: string): number {
    const id =
      [...this.styles.formats].find(([, c]) => c === code)?.[0] ??
      this.addedNumFmts.find((f) => f.code === code)?.id;
    if (id !== undefined) return id;
    const free = Math.max(163, ...this.styles.formats.keys(), ...this.addedNumFmts.map((f) => f.id)) + 1;
    this.addedNumFmts.push({ id: free, code });
    return free;
  }

  /** A cell format `xf` with some of its attributes replaced, added to styles.xml; its index. */
  private addXf(xf: string, set: Record<string, number>): string {
    let xml = xf;
    for (const [name, value] of Object.entries(set)) {
      xml = xml
        .replace(new RegExp(`\\s+${name}="[^"]*"`), "")
        .replace(/^<((?:[\w.-]+:)?xf)\b/, `<$1 ${name}="${value}"`);
    }
    if (set.numFmtId !== undefined && set.numFmtId !== 0)
      xml = xml
        .replace(/\s+applyNumberFormat="[^"]*"/, "")
        .replace(/^<((?:[\w.-]+:)?xf)\b/, `<$1 applyNumberFormat="1"`);
    // The same format made twice (several tabs made again) is added once.
    const same = this.addedXfs.findIndex((x) => x.xml === xml);
    if (same >= 0) return String(this.styles.xfs.length + same);
    this.addedXfs.push({
      xml,
      numFmtId: Number(attributes(xml.slice(0, xml.indexOf(">"))).get("numFmtId") ?? 0),
    });
    return String(this.styles.xfs.length + this.addedXfs.length - 1);
  }

  /**
   * Gives a tab added here the look of the first tab of `from` (a one-tab workbook made by
   * ExcelJS with setup's formats): its columns, frozen rows, validations and cell formats, the
   * formats and fonts copied into this workbook's styles. Its cells' values are not taken (they
   * name `from`'s shared strings); the tab's own writes fill them. Notes are not taken.
   */
  giveLook(sheet: XlsxSheet, from: XlsxBook): void {
    const source = from.sheets[0] ? from.part(from.sheets[0].part)?.toString("utf8") : undefined;
    if (!source || !sheet.isNew) return;
    const sourceStyles = from.stylesXml ?? "";
    const sourceFonts = elements(sourceStyles, "fonts", "font");
    const fonts = new Map<number, number>();
    const styleMap = new Map<string, string>();
    const mapStyle = (s: string): string | null => {
      if (!this.stylesXml) return null;
      const known = styleMap.get(s);
      if (known !== undefined) return known;
      const xf =
        from.styles.xfs[Number(s)] ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
      const a = attributes(xf.slice(0, xf.indexOf(">")));
      const numFmt = Number(a.get("numFmtId") ?? 0);
      const fontId = Number(a.get("fontId") ?? 0);
      if (!fonts.has(fontId)) fonts.set(fontId, this.fontIndexOf(sourceFonts[fontId] ?? "<font/>"));
      const made = this.addXf(prefixed(xf, this.stylesPrefix()), {
        numFmtId: from.styles.formats.has(numFmt)
          ? this.numFmtIdOf(from.styles.formats.get(numFmt)!)
          : numFmt,
        fontId: fonts.get(fontId)!,
        fillId: 0,
        borderId: 0,
        xfId: 0,
      });
      styleMap.set(s, made);
      return made;
    };
    const restyle = (tag: string, name: string) =>
      tag.replace(new RegExp(`\\s${name}="(\\d+)"`), (_, s: string) => {
        const mapped = mapStyle(s);
        return mapped === null ? "" : ` ${name}="${mapped}"`;
      });
    const xml = source
      // A cell keeps its format only: its value names `from`'s shared strings.
      .replace(/<c\b([^>]*?)(?:\/>|>[\s\S]*?<\/c>)/g, (_, a: string) =>
        restyle(`<c${a.replace(/\s+t="[^"]*"/, "")}/>`, "s"),
      )
      .replace(/<col\b[^>]*>/g, (tag) => restyle(tag, "style"))
      .replace(/<row\b[^>]*>/g, (tag) => restyle(tag, "s"))
      // Notes live in parts of `from` that are not copied.
      .replace(/<legacyDrawing\b[^>]*\/>/g, "");
    sheet.look = Buffer.from(xml, "utf8");
  }

  private stylesPrefix(): string {
    return this.stylesXml ? (/<([\w.-]+:)?styleSheet\b/.exec(this.stylesXml)?.[1] ?? "") : "";
  }

  /** The index of a font (unprefixed XML) in styles.xml: the file's own when equal, else added. */
  private fontIndexOf(font: string): number {
    const existing = this.stylesXml ? elements(this.stylesXml, "fonts", "font") : [];
    const known = [...existing, ...this.addedFonts].indexOf(font);
    if (known >= 0) return known;
    this.addedFonts.push(font);
    return existing.length + this.addedFonts.length - 1;
  }

  private fontCount(): number {
    return this.stylesXml ? elements(this.stylesXml, "fonts", "font").length : 0;
  }

  /** styles.xml with the formats and fonts added, or null when nothing was added. */
  private patchedStyles(): string | null {
    if (!this.stylesXml || (this.addedXfs.length === 0 && this.addedFonts.length === 0)) return null;
    let xml = this.stylesXml;
    const p = this.stylesPrefix();
    if (this.addedNumFmts.length > 0) {
      const numFmt = this.addedNumFmts
        .map((f) => `<${p}numFmt numFmtId="${f.id}" formatCode="${encodeAttribute(f.code)}"/>`)
        .join("");
      const n = this.addedNumFmts.length;
      if (new RegExp(`<${p}numFmts\\b[^>]*/>`).test(xml))
        xml = xml.replace(
          new RegExp(`<${p}numFmts\\b[^>]*/>`),
          `<${p}numFmts count="${n}">${numFmt}</${p}numFmts>`,
        );
      else if (xml.includes(`</${p}numFmts>`))
        xml = xml
          .replace(`</${p}numFmts>`, `${numFmt}</${p}numFmts>`)
          .replace(new RegExp(`<${p}numFmts\\b[^>]*>`), (tag) =>
            tag.replace(/count="\d+"/, `count="${this.styles.formats.size + n}"`),
          );
      else
        xml = xml.replace(
          new RegExp(`(<${p}styleSheet\\b[^>]*>)`),
          `$1<${p}numFmts count="${n}">${numFmt}</${p}numFmts>`,
        );
    }
    if (this.addedFonts.length > 0) {
      const count = this.fontCount() + this.addedFonts.length;
      const fonts = this.addedFonts.map((f) => prefixed(f, p)).join("");
      xml = xml
        .replace(`</${p}fonts>`, `${fonts}</${p}fonts>`)
        .replace(new RegExp(`<${p}fonts\\b[^>]*>`), (tag) =>
          /count="/.test(tag) ? tag.replace(/count="\d+"/, `count="${count}"`) : tag,
        );
    }
    const count = this.styles.xfs.length + this.addedXfs.length;
    xml = xml
      .replace(`</${p}cellXfs>`, `${this.addedXfs.map((x) => x.xml).join("")}</${p}cellXfs>`)
      .replace(new RegExp(`<${p}cellXfs\\b[^>]*>`), (tag) =>
        /count="/.test(tag) ? tag.replace(/count="\d+"/, `count="${count}"`) : tag,
      );
    return xml;
  }

  /** Whether any sheet has changes to write. */
  get changed(): boolean {
    return this.sheets.some((s) => s.changed);
  }

  /**
   * Writes the workbook into `zip`: unchanged parts copied as stored, changed sheets rewritten
   * row by row, and the workbook's lists of sheets extended when a tab was added.
   */
  async writeTo(zip: ZipFileWriter): Promise<void> {
    const added = this.sheets.filter((s) => s.isNew);
    this.chooseRelationshipIds(added);
    const rewritten = new Set(this.sheets.filter((s) => s.changed).map((s) => s.part));
    // Excel rebuilds its calculation chain when it is missing; a stale one is a "repair".
    const dropCalcChain = rewritten.size > 0 && this.byName.has("xl/calcChain.xml");
    const later = new Set([this.workbookPart, this.relsOf(this.workbookPart), "[Content_Types].xml"]);
    if (this.stylesPart) later.add(this.stylesPart);
    for (const entry of this.entries) {
      if (entry.name.endsWith("/")) continue;
      if (dropCalcChain && entry.name === "xl/calcChain.xml") continue;
      if (later.has(entry.name)) continue;
      if (rewritten.has(entry.name)) {
        await zip.addGenerated(entry.name, this.sheets.find((s) => s.part === entry.name)!.xml());
        continue;
      }
      this.copy(zip, entry);
    }
    for (const sheet of added) await zip.addGenerated(sheet.part, sheet.xml());
    // Written after the sheets: a date in a General cell may have added a cell format.
    const styles = this.patchedStyles();
    if (this.madeStylesPart) zip.addBytes(this.madeStylesPart, Buffer.from(MADE_STYLES, "utf8"));
    const relsChanged = added.length > 0 || dropCalcChain || this.madeStylesPart !== null;
    for (const name of later) {
      const entry = this.byName.get(name);
      if (!entry) continue;
      let xml: string | null = null;
      if (name === this.stylesPart) xml = styles;
      else if (name === this.workbookPart && added.length > 0) xml = this.workbookWith(added);
      else if (name === this.relsOf(this.workbookPart) && relsChanged)
        xml = this.relsWith(added, dropCalcChain);
      else if (name === "[Content_Types].xml" && relsChanged)
        xml = this.contentTypesWith(added, dropCalcChain);
      if (xml === null) this.copy(zip, entry);
      else zip.addBytes(name, Buffer.from(xml, "utf8"));
    }
  }

  private copy(zip: ZipFileWriter, entry: ZipEntry): void {
    const stored = storedBytes(this.bytes, entry);
    if (!stored || (entry.method !== 0 && entry.method !== 8)) {
      throw new WorkbookFileError(`엑셀 파일의 ${entry.name} 부분을 읽을 수 없습니다`);
    }
    zip.addCompressed(entry.name, entry.method, entry.crc, entry.size, stored);
  }

  private readonly newRelIds = new Map<XlsxSheet, string>();

  /** The relationship id of each added tab, chosen once for both workbook.xml and its rels. */
  private chooseRelationshipIds(added: XlsxSheet[]): void {
    const ids = new Set(relationships(this.text(this.relsOf(this.workbookPart)) ?? "", "").map((r) => r.id));
    let n = 1;
    for (const sheet of added) {
      if (this.newRelIds.has(sheet)) continue;
      while (ids.has(`rId${n}`)) n++;
      ids.add(`rId${n}`);
      this.newRelIds.set(sheet, `rId${n}`);
    }
  }

  private relsWith(added: XlsxSheet[], dropCalcChain: boolean): string {
    let xml = this.text(this.relsOf(this.workbookPart)) ?? "";
    if (dropCalcChain) xml = xml.replace(/<(?:\w+:)?Relationship\b[^>]*calcChain[^>]*\/>/g, "");
    const tags = added.map((sheet) => {
      const target = posix.relative(posix.dirname(this.workbookPart), sheet.part);
      return `<Relationship Id="${this.newRelIds.get(sheet)!}" Type="${TYPE("worksheet")}" Target="${target}"/>`;
    });
    if (this.madeStylesPart) {
      const ids = new Set(relationships(xml, "").map((r) => r.id));
      let n = 1;
      while (ids.has(`rIdStyles${n}`) || [...this.newRelIds.values()].includes(`rIdStyles${n}`)) n++;
      const target = posix.relative(posix.dirname(this.workbookPart), this.madeStylesPart);
      tags.push(`<Relationship Id="rIdStyles${n}" Type="${TYPE("styles")}" Target="${target}"/>`);
    }
    return xml.replace(/<\/((?:\w+:)?Relationships)>/, `${tags.join("")}</$1>`);
  }

  private workbookWith(added: XlsxSheet[]): string {
    const xml = this.text(this.workbookPart)!;
    const rPrefix = new RegExp(`xmlns:(\\w+)="${REL_NS}"`).exec(xml)?.[1];
    const sheetIds = [...xml.matchAll(/\bsheetId="(\d+)"/g)].map((m) => Number(m[1]));
    let next = Math.max(0, ...sheetIds) + 1;
    const p = /<([\w.-]+:)?workbook\b/.exec(xml)?.[1] ?? "";
    const tags = added.map((sheet) => {
      const id = this.newRelIds.get(sheet)!;
      const rel = rPrefix ? `${rPrefix}:id="${id}"` : `xmlns:r="${REL_NS}" r:id="${id}"`;
      const state = sheet.hidden ? ' state="hidden"' : "";
      return `<${p}sheet name="${encodeAttribute(sheet.name)}" sheetId="${next++}"${state} ${rel}/>`;
    });
    return xml.replace(`</${p}sheets>`, `${tags.join("")}</${p}sheets>`);
  }

  private contentTypesWith(added: XlsxSheet[], dropCalcChain: boolean): string {
    let xml = this.text("[Content_Types].xml") ?? "";
    if (dropCalcChain) xml = xml.replace(/<Override\b[^>]*PartName="\/xl\/calcChain\.xml"[^>]*\/>/g, "");
    const tags = added.map((s) => `<Override PartName="/${s.part}" ContentType="${WORKSHEET_CONTENT}"/>`);
    if (this.madeStylesPart)
      tags.push(`<Override PartName="/${this.madeStylesPart}" ContentType="${STYLES_CONTENT}"/>`);
    return xml.replace("</Types>", `${tags.join("")}</Types>`);
  }
}

/** A sheet made by the script (a tab it recreates): frozen header row, like the template's. */
const NEW_SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL_NS}">` +
  '<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>' +
  '<sheetFormatPr defaultRowHeight="15"/><sheetData>';
const NEW_SHEET_TAIL =
  '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';

/**
 * One tab. Until a command reads all of it, it holds only what was written to it (an append to
 * 이력 never reads 이력); once read, it holds its values, one plain array per row.
 */
export class XlsxSheet implements SheetPort {
  /** Every row's values, once read (index = row − 1); null until then. */
  private values: Cell[][] | null = null;
  /** Cells written before the tab was read: row → cells by column − 1 (holes are unwritten). */
  private readonly writes = new Map<number, Cell[]>();
  /** Rows changed since the tab was read. */
  private readonly dirty = new Set<number>();
  /** The last row holding a value in the file as read (cached). */
  private lastInFile: number | null = null;
  /** A new tab's sheet XML without values (`XlsxBook.giveLook`): its columns, views, formats. */
  look: Buffer | null = null;

  constructor(
    private readonly book: XlsxBook,
    readonly name: string,
    readonly part: string,
    readonly isNew = false,
  ) {
    if (isNew) this.values = [];
  }

  get changed(): boolean {
    return this.isNew || this.writes.size > 0 || this.dirty.size > 0;
  }

  private source(): { bytes: Buffer; layout: SheetLayout; context: CellContext } | null {
    const bytes = this.isNew ? this.look : this.book.part(this.part);
    if (!bytes) return null;
    const layout = sheetLayout(bytes);
    if (!layout) throw new WorkbookFileError(`엑셀 파일의 ${this.name} 탭을 읽을 수 없습니다`);
    return { bytes, layout, context: { ...this.book.context, prefix: layout.prefix } };
  }

  /** The file's rows, one at a time, as values (rows only as long as their last value). */
  private *fileRows(): Generator<{ row: number; values: Cell[] }> {
    const src = this.source();
    if (!src) return;
    for (const span of rowSpans(src.bytes, src.layout)) {
      if (span.empty) continue;
      const values: Cell[] = [];
      for (const cell of rowCells(src.bytes, span.start, span.end, src.context)) {
        if (cell.value === "") continue;
        while (values.length < cell.column - 1) values.push("");
        values[cell.column - 1] = cell.value;
      }
      if (values.length > 0) yield { row: span.row, values };
    }
  }

  private load(): Cell[][] {
    if (this.values) return this.values;
    const values: Cell[][] = [];
    for (const { row, values: cells } of this.fileRows()) values[row - 1] = cells;
    this.values = values;
    for (const [row, cells] of this.writes) {
      cells.forEach((v, c) => this.put(row, c, v));
    }
    this.writes.clear();
    return values;
  }

  private put(row: number, c: number, v: Cell): void {
    const values = this.values!;
    const target = (values[row - 1] ??= []);
    while (target.length < c) target.push("");
    target[c] = v instanceof Date ? new Date(v.getTime()) : v;
    this.dirty.add(row);
  }

  /** Every value from A1: rows as long as their last value, trailing empty rows left out. */
  readAll(): Cell[][] {
    const values = this.load();
    let height = values.length;
    while (height > 0 && !values[height - 1]?.some((v) => !isEmpty(v))) height--;
    const rows: Cell[][] = new Array<Cell[]>(height);
    for (let r = 0; r < height; r++) {
      const row = values[r];
      if (!row) {
        rows[r] = [];
        continue;
      }
      let width = row.length;
      while (width > 0 && isEmpty(row[width - 1])) width--;
      rows[r] = row.slice(0, width);
    }
    return rows;
  }

  /**
   * Rows `from` to `to` as they stand now (the file's, with what was written over them), in
   * order; rows without a value are left out. A tab not read whole is read only up to `to`.
   */
  private *rowsBetween(from: number, to: number): Generator<{ row: number; cells: Cell[] }> {
    if (this.values) {
      for (let r = from; r <= Math.min(to, this.values.length); r++) {
        const cells = this.values[r - 1];
        if (cells) yield { row: r, cells };
      }
      return;
    }
    const written = [...this.writes.keys()].filter((r) => r >= from && r <= to).sort((a, b) => a - b);
    const overlay = (row: number, base: Cell[]): Cell[] => {
      const cells = [...base];
      this.writes.get(row)?.forEach((v, c) => {
        while (cells.length < c) cells.push("");
        cells[c] = v;
      });
      return cells;
    };
    let w = 0;
    for (const found of this.fileRows()) {
      if (found.row < from) continue;
      if (found.row > to) break;
      for (; w < written.length && written[w]! < found.row; w++)
        yield { row: written[w]!, cells: overlay(written[w]!, []) };
      if (written[w] === found.row) w++;
      yield { row: found.row, cells: overlay(found.row, found.values) };
    }
    for (; w < written.length; w++) yield { row: written[w]!, cells: overlay(written[w]!, []) };
  }

  readRow(row: number, width = 0): Cell[] {
    let cells: Cell[] = [];
    for (const found of this.rowsBetween(row, row)) cells = found.cells;
    return width > 0 ? cells.slice(0, width) : cells;
  }

  readRows(first: number, count: number, width: number): Cell[][] {
    const last = Math.min(first + count - 1, this.lastRow());
    const found = new Map<number, Cell[]>();
    for (const { row, cells } of this.rowsBetween(first, last)) found.set(row, cells);
    const rows: Cell[][] = [];
    for (let r = first; r <= last; r++) {
      const cells = found.get(r) ?? [];
      rows.push(Array.from({ length: width }, (_, c) => cells[c] ?? ""));
    }
    return rows;
  }

  /**
   * Rows from `fromRow` down whose cell in `column` shows exactly `text` (dates never match), or,
   * for a word, whose cell holds it among its space-separated words.
   */
  findRows(column: number, text: string, fromRow: number, match: "cell" | "word" = "cell"): number[] {
    const matches: number[] = [];
    if (text === "") return matches;
    for (const { row, cells } of this.rowsBetween(fromRow, Number.MAX_SAFE_INTEGER)) {
      const v = cells[column - 1];
      if (v === undefined || v === "" || v instanceof Date) continue;
      if (match === "cell" ? String(v) === text : String(v).split(" ").includes(text)) matches.push(row);
    }
    return matches;
  }

  /**
   * Hidden from the tab bar. A tab this program adds is written hidden; a tab already in the file
   * keeps the state the file gives it (setup makes 조회 hidden when it makes the file).
   */
  hidden = false;

  hide(): void {
    this.hidden = true;
  }

  write(row: number, column: number, values: Cell[][]): void {
    values.forEach((line, i) => {
      const r = row + i;
      if (this.values) {
        line.forEach((v, j) => this.put(r, column - 1 + j, v));
        return;
      }
      const target = this.writes.get(r) ?? [];
      line.forEach((v, j) => (target[column - 1 + j] = v instanceof Date ? new Date(v.getTime()) : v));
      this.writes.set(r, target);
    });
  }

  /** The last row holding a value: the file's (found once, without keeping its values) and the writes'. */
  lastRow(): number {
    if (this.values) {
      for (let r = this.values.length; r >= 1; r--)
        if (this.values[r - 1]?.some((v) => !isEmpty(v))) return r;
      return 0;
    }
    this.lastInFile ??= this.lastRowInFile();
    let last = this.lastInFile;
    for (const [row, cells] of this.writes) if (row > last && cells.some((v) => !isEmpty(v))) last = row;
    return last;
  }

  /** The file's last row with a value: rows found by their tags, then read from the end. */
  private lastRowInFile(): number {
    const src = this.source();
    if (!src) return 0;
    const spans: RowSpan[] = [];
    for (const span of rowSpans(src.bytes, src.layout)) if (!span.empty) spans.push(span);
    spans.sort((a, b) => a.row - b.row);
    for (let i = spans.length - 1; i >= 0; i--) {
      const span = spans[i]!;
      if (rowCells(src.bytes, span.start, span.end, src.context).some((c) => c.value !== "")) return span.row;
    }
    return 0;
  }

  append(rows: Cell[][]): void {
    this.write(this.lastRow() + 1, 1, rows);
  }

  /** The cells a row should hold now, by column − 1, or null to keep the file's row. */
  private wanted(row: number, inFile: RawCell[]): Map<number, Cell> | null {
    if (this.values) {
      if (!this.dirty.has(row)) return null;
      const cells = new Map<number, Cell>();
      (this.values[row - 1] ?? []).forEach((v, c) => cells.set(c, v));
      for (const cell of inFile) if (!cells.has(cell.column - 1)) cells.set(cell.column - 1, "");
      return cells;
    }
    const written = this.writes.get(row);
    if (!written) return null;
    const cells = new Map<number, Cell>();
    for (const cell of inFile) cells.set(cell.column - 1, cell.value);
    written.forEach((v, c) => cells.set(c, v));
    return cells;
  }

  /** Rows changed or added, ascending. */
  private changedRows(): number[] {
    const rows = this.values ? [...this.dirty] : [...this.writes.keys()];
    return rows.sort((a, b) => a - b);
  }

  /** The sheet's XML, piece by piece: unchanged rows as they were, changed rows rebuilt. */
  *xml(): Generator<string | Buffer> {
    const src = this.source();
    const changed = this.changedRows();
    const extent = this.extent(changed, src?.bytes ?? null);
    const p = src?.layout.prefix ?? "";
    const colStyles = src ? columnStyles(src.bytes.toString("utf8", 0, src.layout.tagStart), p) : [];
    const styleOfColumn = (c: number) => colStyles.find((s) => c >= s.min && c <= s.max)?.style ?? null;
    // Shared formulas whose first cell (the one holding the text) was written over, by `si`:
    // the cells filled down from it get the formula as their own, or Excel would find them empty.
    const orphans = new Map<string, { formula: string; row: number; column: number }>();
    const adopt = (xml: string | Buffer | null): string | Buffer | null => {
      if (orphans.size === 0 || xml === null) return xml;
      const text = typeof xml === "string" ? xml : xml.toString("utf8");
      if (!text.includes("shared")) return xml;
      const sharedF = new RegExp(`<${p}f\\b([^>]*?)(?:/>|>\\s*</${p}f>)`);
      return text.replace(new RegExp(`<${p}c\\b[^>]*?(?:/>|>[\\s\\S]*?</${p}c>)`, "g"), (cell) => {
        const f = sharedF.exec(cell);
        const a = f ? attributes(f[1]!) : null;
        const orphan = a?.get("t") === "shared" ? orphans.get(a.get("si") ?? "") : undefined;
        const ref = /\sr="([A-Z]+)(\d+)"/.exec(cell);
        if (!orphan || !ref) return cell;
        const formula = shiftFormula(
          orphan.formula,
          Number(ref[2]) - orphan.row,
          columnNumber(ref[1]!) - orphan.column,
        );
        return cell.replace(sharedF, `<${p}f>${encodeAttribute(formula)}</${p}f>`);
      });
    };
    const rebuild = (row: number, span: RowSpan | null): string | Buffer | null =>
      adopt(rebuildRow(row, span));
    const rebuildRow = (row: number, span: RowSpan | null): string | Buffer | null => {
      const raw = span && src && !span.empty ? rowCells(src.bytes, span.start, span.end, src.context) : [];
      const wanted = this.wanted(row, raw);
      if (!wanted) return span && src ? src.bytes.subarray(span.start, span.end) : null;
      const tag =
        span && src
          ? src.bytes.toString("utf8", span.start, src.bytes.indexOf(">", span.start) + 1)
          : `<${p}row r="${row}">`;
      const rowAttrs = attributes(tag);
      const rowStyle = rowAttrs.get("customFormat") === "1" ? (rowAttrs.get("s") ?? null) : null;
      const byColumn = new Map(raw.map((c) => [c.column, c]));
      const columns = [
        ...new Set([...raw.map((c) => c.column), ...[...wanted.keys()].map((c) => c + 1)]),
      ].sort((a, b) => a - b);
      const parts: string[] = [];
      for (const column of columns) {
        const had = byColumn.get(column);
        const want = wanted.get(column - 1) ?? had?.value ?? "";
        if (had && sameCell(had.value, want)) {
          // The cell as it was (a formula, its format, everything), copied from the file; with
          // its reference added when it had none (openpyxl's), since a cell left out before it
          // would otherwise move it one column left.
          const markup = src!.bytes.toString("utf8", span!.start + had.start, span!.start + had.end);
          parts.push(
            /^<[\w.:-]+[^>]*?\sr\s*=/.test(markup)
              ? markup
              : markup.replace(/^(<[\w.:-]+)/, `$1 r="${columnLetters(column)}${row}"`),
          );
          continue;
        }
        if (had && span && src) {
          const markup = src.bytes.toString("utf8", span.start + had.start, span.start + had.end);
          const master = new RegExp(`<${p}f\\b([^>]*)>([\\s\\S]*?)</${p}f>`).exec(markup);
          const a = master ? attributes(master[1]!) : null;
          if (a?.get("t") === "shared" && a.has("si") && master![2]!.trim() !== "")
            orphans.set(a.get("si")!, { formula: decodeText(master![2]!), row, column });
        }
        let style = had?.style ?? rowStyle ?? styleOfColumn(column);
        if (isEmpty(want)) {
          if (had && style !== null) parts.push(`<${p}c r="${columnLetters(column)}${row}" s="${style}"/>`);
          continue;
        }
        if (want instanceof Date) style = this.book.dateStyle(style);
        parts.push(cellXml(`${columnLetters(column)}${row}`, want, style, this.book.context.date1904, p));
      }
      let open = tag.replace(/\s+spans="[^"]*"/, "").replace(/\/>$/, ">");
      // A rewritten row says its number, as its cells now do (readers differ on rows without one).
      if (!/\sr\s*=/.test(open)) open = open.replace(/^(<[\w.:-]+)/, `$1 r="${row}"`);
      return `${open}${parts.join("")}</${p}row>`;
    };

    if (!src) {
      yield NEW_SHEET_HEAD.replace('<dimension ref="A1"/>', `<dimension ref="${extent}"/>`);
      for (const row of changed) {
        const xml = rebuild(row, null);
        if (xml) yield xml;
      }
      yield NEW_SHEET_TAIL;
      return;
    }
    const { bytes, layout } = src;
    yield bytes
      .toString("utf8", 0, layout.tagStart)
      .replace(new RegExp(`(<${p}dimension\\b[^>]*\\bref=")[^"]*(")`), `$1${extent}$2`);
    yield layout.dataStart === layout.tagEnd
      ? `<${p}sheetData>`
      : bytes.toString("utf8", layout.tagStart, layout.dataStart);
    let next = 0;
    for (const span of rowSpans(bytes, layout)) {
      while (next < changed.length && changed[next]! < span.row) {
        const xml = rebuild(changed[next++]!, null);
        if (xml) yield xml;
      }
      if (changed[next] === span.row) next++;
      const xml = rebuild(span.row, span);
      if (xml) yield xml;
    }
    while (next < changed.length) {
      const xml = rebuild(changed[next++]!, null);
      if (xml) yield xml;
    }
    yield layout.dataStart === layout.tagEnd
      ? `</${p}sheetData>`
      : bytes.toString("utf8", layout.dataEnd, layout.tagEnd);
    yield bytes.subarray(layout.tagEnd);
  }

  /** The used range for `<dimension>`: the file's rows and columns and the written ones. */
  private extent(changed: number[], file: Buffer | null): string {
    let rows = 1;
    let columns = 1;
    if (this.values) {
      rows = Math.max(1, this.values.length);
      for (const row of this.values) if (row && row.length > columns) columns = row.length;
    }
    for (const r of changed) if (r > rows) rows = r;
    for (const cells of this.writes.values()) if (cells.length > columns) columns = cells.length;
    const ref = file
      ? /<(?:\w+:)?dimension\b[^>]*\bref="[A-Z]+\d+:([A-Z]+)(\d+)"/.exec(file.toString("latin1", 0, 4096))
      : null;
    if (ref) {
      columns = Math.max(columns, columnNumber(ref[1]!));
      rows = Math.max(rows, Number(ref[2]));
    }
    return `A1:${columnLetters(columns)}${rows}`;
  }
}
