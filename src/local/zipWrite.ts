/**
 * A zip written straight to a file: parts kept from the workbook as it was are copied as their
 * compressed bytes (never inflated again), and a sheet that changed is deflated as it is
 * generated, so saving a 100,000-row season never holds the whole archive in memory.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { once } from "node:events";
import * as zlib from "node:zlib";

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 of the zip format; Node's own when it has one (20.15 and later). */
export function crc32(data: Uint8Array, previous = 0): number {
  const native = (zlib as unknown as { crc32?: (d: Uint8Array, v: number) => number }).crc32;
  if (native) return native(data, previous);
  let c = ~previous;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

interface Written {
  name: Buffer;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** Larger than a zip without ZIP64 can say: refused rather than written wrong. */
const LIMIT = 0xffffffff;

export class ZipFileWriter {
  private readonly fd: number;
  private position = 0;
  private readonly entries: Written[] = [];
  /** DOS date and time of the save, for every entry. */
  private readonly stamp: { time: number; date: number };

  constructor(path: string) {
    this.fd = openSync(path, "wx", 0o666);
    const now = new Date();
    this.stamp = {
      time: (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1),
      date: ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate(),
    };
  }

  private write(bytes: Uint8Array, at?: number): void {
    let done = 0;
    while (done < bytes.length) {
      done += writeSync(this.fd, bytes, done, bytes.length - done, at === undefined ? null : at + done);
    }
    if (at === undefined) this.position += bytes.length;
  }

  private localHeader(entry: Omit<Written, "offset">): Buffer {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // names are UTF-8
    header.writeUInt16LE(entry.method, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt32LE(entry.crc >>> 0, 14);
    header.writeUInt32LE(entry.compressed, 18);
    header.writeUInt32LE(entry.size, 22);
    header.writeUInt16LE(entry.name.length, 26);
    header.writeUInt16LE(0, 28);
    return header;
  }

  private checkSize(name: string, ...sizes: number[]): void {
    if (sizes.some((s) => s > LIMIT)) throw new Error(`zip entry too large: ${name}`);
  }

  /** An entry whose compressed bytes are already known (a part kept as it was). */
  addCompressed(name: string, method: number, crc: number, size: number, data: Uint8Array): void {
    this.checkSize(name, size, data.length, this.position);
    const entry = { name: Buffer.from(name, "utf8"), method, crc, compressed: data.length, size };
    const offset = this.position;
    this.write(this.localHeader(entry));
    this.write(entry.name);
    this.write(data);
    this.entries.push({ ...entry, offset });
  }

  /** A small part written whole. */
  addBytes(name: string, data: Uint8Array): void {
    this.addCompressed(name, 8, crc32(data), data.length, zlib.deflateRawSync(data));
  }

  /**
   * A part generated piece by piece: each piece is deflated as it comes, and the local header
   * gets its sizes and checksum once the last piece is written.
   */
  async addGenerated(name: string, pieces: Iterable<string | Uint8Array>): Promise<void> {
    const entryName = Buffer.from(name, "utf8");
    const offset = this.position;
    this.write(this.localHeader({ name: entryName, method: 8, crc: 0, compressed: 0, size: 0 }));
    this.write(entryName);
    const deflate = zlib.createDeflateRaw({ level: 6 });
    let compressed = 0;
    let failure: unknown = null;
    deflate.on("data", (chunk: Buffer) => {
      try {
        compressed += chunk.length;
        this.write(chunk);
      } catch (error) {
        failure = error;
        deflate.destroy(error as Error);
      }
    });
    const ended = once(deflate, "end");
    let crc = 0;
    let size = 0;
    // Pieces are gathered into blocks of about 256 KB: one deflate call per block.
    let batch: Buffer[] = [];
    let batchLength = 0;
    const flush = async () => {
      if (batchLength === 0) return;
      const bytes = batch.length === 1 ? batch[0]! : Buffer.concat(batch, batchLength);
      batch = [];
      batchLength = 0;
      crc = crc32(bytes, crc);
      size += bytes.length;
      if (!deflate.write(bytes)) await once(deflate, "drain");
      if (failure) throw failure;
    };
    let text: string[] = [];
    let textLength = 0;
    const takeText = () => {
      if (textLength === 0) return;
      const bytes = Buffer.from(text.join(""), "utf8");
      text = [];
      textLength = 0;
      batch.push(bytes);
      batchLength += bytes.length;
    };
    for (const piece of pieces) {
      if (typeof piece === "string") {
        text.push(piece);
        textLength += piece.length;
        if (textLength >= 1 << 16) takeText();
      } else {
        takeText();
        // A large piece (a sheet's tail) goes through in blocks, never copied whole.
        for (let at = 0; at < piece.length; at += 1 << 20) {
          const part = piece.subarray(at, Math.min(piece.length, at + (1 << 20)));
          batch.push(Buffer.from(part.buffer, part.byteOffset, part.length));
          batchLength += part.length;
          if (batchLength >= 1 << 18) await flush();
        }
      }
      if (batchLength >= 1 << 18) await flush();
    }
    takeText();
    await flush();
    deflate.end();
    await ended;
    if (failure) throw failure;
    this.checkSize(name, size, compressed, offset);
    const header = this.localHeader({ name: entryName, method: 8, crc, compressed, size });
    this.write(header, offset);
    this.entries.push({ name: entryName, method: 8, crc, compressed, size, offset });
  }

  /** The central directory; the file is closed. */
  finish(): void {
    const start = this.position;
    for (const e of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(0x0800, 8);
      header.writeUInt16LE(e.method, 10);
      header.writeUInt16LE(this.stamp.time, 12);
      header.writeUInt16LE(this.stamp.date, 14);
      header.writeUInt32LE(e.crc >>> 0, 16);
      header.writeUInt32LE(e.compressed, 20);
      header.writeUInt32LE(e.size, 24);
      header.writeUInt16LE(e.name.length, 28);
      header.writeUInt32LE(e.offset, 42);
      this.write(header);
      this.write(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.position - start, 12);
    end.writeUInt32LE(start, 16);
    this.write(end);
    this.close();
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
