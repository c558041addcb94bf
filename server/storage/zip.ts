import path from "node:path";
import { Readable } from "node:stream";
import { ZipArchive } from "archiver";
import type { StoredFileInfo } from "./files";
import { fileBytes } from "./reader";

// Bidirectional controls reorder what a name shows ("invoice\u202Efdp.exe" reads as "invoiceexe.pdf").
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Names Windows refuses as files whatever their extension.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A name safe as a zip entry on every system: no folders, so an archive never writes outside the
 * folder it is unpacked into ("a/../../x" becomes "x"), no control or bidirectional characters, none
 * of the characters Windows refuses (`<>:"|?*` become `_`), no trailing dots or spaces, and no
 * reserved device name (CON, NUL, COM1…, which get a leading `_`).
 */
export function entryName(name: string): string {
  const base = name
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .replace(BIDI, "")
    .split(/[\\/]/)
    .pop()!
    .replace(/[<>:"|?*]/g, "_")
    .trim()
    .replace(/[. ]+$/, "");
  if (base === "") return "file";
  return WINDOWS_RESERVED.test(base) ? `_${base}` : base;
}

/** File names made safe and unique inside one archive: "a.csv", "a (2).csv", … */
export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map(entryName).map((name) => {
    const n = (seen.get(name.toLowerCase()) ?? 0) + 1;
    seen.set(name.toLowerCase(), n);
    if (n === 1) return name;
    const ext = path.extname(name);
    return `${name.slice(0, name.length - ext.length)} (${n})${ext}`;
  });
}

// Formats that are compressed already: deflating them again costs CPU and saves nothing.
const COMPRESSED_MIME = /^(image\/(?!svg|bmp|tiff)|video\/|audio\/|application\/(zip|gzip|x-7z|pdf|vnd\.openxmlformats))/;

const storeAsIs = (file: StoredFileInfo) => file.format === "xlsx" || COMPRESSED_MIME.test(file.mime);

/**
 * A zip of stored files, built while it is sent: each file is read from the database part by part
 * as the archive reaches it, so memory stays flat whatever the files' sizes. Already-compressed
 * files (XLSX, images, video, …) are stored, the rest deflated at a fast level.
 */
export function zipStream(files: StoredFileInfo[]): Readable {
  const zip = new ZipArchive({ zlib: { level: 1 }, highWaterMark: 256 * 1024 });
  const names = uniqueNames(files.map((f) => f.name));
  files.forEach((file, i) => {
    zip.append(Readable.from(fileBytes(file.id, 0, file.size - 1)), { name: names[i]!, date: file.readyAt ?? file.createdAt, store: storeAsIs(file) });
  });
  zip.finalize().catch((err: unknown) => zip.destroy(err as Error));
  return zip;
}
