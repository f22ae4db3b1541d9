/**
 * What is inside an .xlsx before it is read: the zip's own directory, read without inflating
 * anything. It tells how big the file becomes (a zip bomb is refused before it costs memory),
 * which parts the program does not model (charts, pivot tables, macros…), and repairs the part
 * names other writers use for notes (openpyxl, pandas) so readers that follow only relative
 * targets (ExcelJS) find them after a save.
 */
import JSZip from "jszip";
import { posix } from "node:path";
import { inflateRawSync } from "node:zlib";
import { UserError } from "./userError";

/** A problem with the file itself: the CLI prints the message and exits with 2. */
export class WorkbookFileError extends UserError {}

/** Uncompressed bytes a workbook may hold; a 100,000-row season is about a tenth of it. */
export const MAX_INFLATED_BYTES = 512 * 1024 * 1024;
/** Spreadsheets compress 5–30 times; hundreds of times is a bomb, not a season of orders. */
export const MAX_RATIO = 200;
const RATIO_FLOOR = 20 * 1024 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  /** CRC-32 of the inflated bytes (a part kept as it was is copied with it). */
  crc: number;
  compressed: number;
  size: number;
  /** Offset of the local header. */
  offset: number;
}

const MB = (n: number) => `${Math.round(n / 1024 / 1024)}MB`;

/** The central directory of a zip (ZIP64 included); null when the bytes are not a zip. */
export function zipEntries(bytes: Buffer): ZipEntry[] | null {
  const from = Math.max(0, bytes.length - 65557);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  if (
    (count === 0xffff || offset === 0xffffffff) &&
    eocd >= 20 &&
    bytes.readUInt32LE(eocd - 20) === 0x07064b50
  ) {
    const z64 = Number(bytes.readBigUInt64LE(eocd - 12));
    if (z64 + 56 > bytes.length || bytes.readUInt32LE(z64) !== 0x06064b50) return null;
    count = Number(bytes.readBigUInt64LE(z64 + 32));
    offset = Number(bytes.readBigUInt64LE(z64 + 48));
  }
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      name: bytes.toString("utf8", p + 46, p + 46 + nameLength),
      method: bytes.readUInt16LE(p + 10),
      crc: bytes.readUInt32LE(p + 16),
      compressed: bytes.readUInt32LE(p + 20),
      size: bytes.readUInt32LE(p + 24),
      offset: bytes.readUInt32LE(p + 42),
    };
    // ZIP64 sizes live in extra field 0x0001, in this order, only for the fields set to ~0.
    let e = p + 46 + nameLength;
    const end = e + extraLength;
    while (e + 4 <= end) {
      const id = bytes.readUInt16LE(e);
      const length = bytes.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        for (const field of ["size", "compressed", "offset"] as const) {
          if (entry[field] === 0xffffffff && q + 8 <= e + 4 + length) {
            entry[field] = Number(bytes.readBigUInt64LE(q));
            q += 8;
          }
        }
      }
      e += 4 + length;
    }
    entries.push(entry);
    p = end + commentLength;
  }
  return entries;
}

/** Refuses an archive that would inflate past the limits, before anything is inflated. */
export function checkInflatedSize(entries: ZipEntry[], fileBytes: number, name: string): void {
  const inflated = entries.reduce((sum, e) => sum + e.size, 0);
  if (inflated > MAX_INFLATED_BYTES || (inflated > RATIO_FLOOR && inflated > fileBytes * MAX_RATIO)) {
    throw new WorkbookFileError(
      `${name}: 압축을 풀면 ${MB(inflated)}가 되는 파일이라 열지 않습니다 (파일 ${MB(fileBytes)}, 한도 ${MB(MAX_INFLATED_BYTES)}, 압축률 ${MAX_RATIO}배). 손상되었거나 엑셀 주문 파일이 아닙니다`,
    );
  }
}

/**
 * Parts this program does not model. A save would copy them as they are, but it cannot update
 * them with the cells it changes (a pivot table's cache, a chart's values), so it refuses.
 */
const DROPPED: { pattern: RegExp; what: string }[] = [
  { pattern: /^xl\/charts\//, what: "차트" },
  { pattern: /^xl\/chartsheets\//, what: "차트 시트" },
  { pattern: /^xl\/pivot(Tables|Cache)\//, what: "피벗 테이블" },
  { pattern: /^xl\/slicer(s|Caches)\//, what: "슬라이서" },
  { pattern: /^xl\/timeline(s|Caches)\//, what: "시간 표시 막대" },
  { pattern: /^xl\/vbaProject\.bin$/, what: "매크로(VBA)" },
  { pattern: /^xl\/externalLinks\//, what: "다른 파일과의 연결" },
  { pattern: /^xl\/(activeX|ctrlProps)\//, what: "단추 등 컨트롤" },
  { pattern: /^xl\/embeddings\//, what: "삽입된 개체" },
  { pattern: /^xl\/diagrams\//, what: "SmartArt" },
  { pattern: /^xl\/(queryTables\/|connections\.xml$)/, what: "외부 데이터 연결(쿼리)" },
  { pattern: /^xl\/model\//, what: "데이터 모델" },
  { pattern: /^xl\/(threadedComments|persons)\//, what: "스레드 메모" },
  { pattern: /^customXml\//, what: "사용자 지정 XML" },
];

/** The stored (compressed) bytes of an entry, or null when its local header is not where the directory says. */
export function storedBytes(bytes: Buffer, entry: ZipEntry): Buffer | null {
  if (entry.offset + 30 > bytes.length || bytes.readUInt32LE(entry.offset) !== 0x04034b50) return null;
  const start =
    entry.offset + 30 + bytes.readUInt16LE(entry.offset + 26) + bytes.readUInt16LE(entry.offset + 28);
  if (start + entry.compressed > bytes.length) return null;
  return bytes.subarray(start, start + entry.compressed);
}

/** An entry's bytes inflated (never past the size its directory declares), or null. */
export function inflate(bytes: Buffer, entry: ZipEntry): Buffer | null {
  const data = storedBytes(bytes, entry);
  if (!data) return null;
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
  return null;
}

/** The Korean names of the things a save would lose, one each, in the order found. */
export function droppedParts(bytes: Buffer, entries: ZipEntry[]): string[] {
  const found = new Set<string>();
  for (const entry of entries) {
    for (const { pattern, what } of DROPPED) if (pattern.test(entry.name)) found.add(what);
    // Drawings hold pictures (kept) and also shapes and text boxes (dropped).
    if (/^xl\/drawings\/[^/]+\.xml$/.test(entry.name)) {
      const xml = inflate(bytes, entry)?.toString("utf8") ?? "";
      if (/<(\w+:)?(sp|cxnSp|grpSp)[\s>]/.test(xml)) found.add("도형·텍스트 상자");
    }
  }
  return [...found];
}

const COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const VML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";

/** The directory a relationships part speaks for: `xl/worksheets/_rels/x.rels` → `xl/worksheets`. */
const baseOf = (relsName: string) => posix.dirname(posix.dirname(relsName));
const resolvePart = (relsName: string, target: string): string =>
  target.startsWith("/") ? target.slice(1) : posix.normalize(posix.join(baseOf(relsName), target));

const targetOf = (tag: string) => /Target="([^"]*)"/.exec(tag)?.[1] ?? "";
const isExternal = (tag: string) => /TargetMode="External"/.test(tag);

/** A relationship ExcelJS cannot follow: absolute, or notes under names it does not look for. */
function unreadable(relsName: string, tag: string): boolean {
  if (isExternal(tag)) return false;
  const target = targetOf(tag);
  const part = resolvePart(relsName, target);
  return (
    target.startsWith("/") ||
    (tag.includes(COMMENTS) && !/^xl\/comments\d+\.xml$/.test(part)) ||
    (tag.includes(VML) && !/^xl\/drawings\/vmlDrawing\d+\.vml$/.test(part))
  );
}

/**
 * openpyxl (and pandas through it) stores notes as `xl/comments/comment1.xml` and writes
 * absolute targets (`/xl/drawings/drawing1.xml`); ExcelJS follows only relative targets and finds
 * notes only under `xl/commentsN.xml` and `xl/drawings/vmlDrawingN.vml`. Returns the archive
 * with those parts renamed and targets made relative, or null when nothing needed it.
 */
export async function canonicalNoteParts(bytes: Buffer, entries: ZipEntry[]): Promise<Buffer | null> {
  const rels = entries.filter((e) => /^xl\/(worksheets|drawings)\/_rels\/[^/]+\.xml\.rels$/.test(e.name));
  const tags = (xml: string) => [...xml.matchAll(/<Relationship\b[^>]*>/g)].map(([tag]) => tag);
  if (!rels.some((e) => tags(inflate(bytes, e)?.toString("utf8") ?? "").some((t) => unreadable(e.name, t))))
    return null;
  const zip = await JSZip.loadAsync(bytes);
  const names = new Set(Object.keys(zip.files));
  let next = 1;
  const freshName = (prefix: string, suffix: string) => {
    while (names.has(`${prefix}${next}${suffix}`)) next++;
    const name = `${prefix}${next}${suffix}`;
    names.add(name);
    return name;
  };
  for (const entry of rels) {
    const file = zip.file(entry.name)!;
    let xml = await file.async("string");
    const renames: [string, string][] = [];
    xml = xml.replace(/<Relationship\b[^>]*>/g, (tag) => {
      if (!unreadable(entry.name, tag)) return tag;
      const target = targetOf(tag);
      let part = resolvePart(entry.name, target);
      if (!zip.file(part)) return tag;
      let fresh: string | null = null;
      if (tag.includes(COMMENTS) && !/^xl\/comments\d+\.xml$/.test(part))
        fresh = freshName("xl/comments", ".xml");
      else if (tag.includes(VML) && !/^xl\/drawings\/vmlDrawing\d+\.vml$/.test(part))
        fresh = freshName("xl/drawings/vmlDrawing", ".vml");
      if (fresh) {
        renames.push([part, fresh]);
        part = fresh;
      }
      return tag.replace(`Target="${target}"`, `Target="${posix.relative(baseOf(entry.name), part)}"`);
    });
    for (const [from, to] of renames) {
      zip.file(to, await zip.file(from)!.async("uint8array"));
      zip.remove(from);
    }
    zip.file(entry.name, xml);
  }
  return zip.generateAsync({ type: "nodebuffer", compression: "STORE" });
}
