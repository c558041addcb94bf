// archiver 8 ships ES modules without type declarations (@types/archiver describes the older API);
// this covers the part Batchdesk uses: streaming zip archives.
declare module "archiver" {
  import type { Readable, Transform } from "node:stream";

  export type ZipEntryData = { name: string; date?: Date; store?: boolean; mode?: number };
  export type ZipOptions = { zlib?: { level?: number }; store?: boolean; forceZip64?: boolean; highWaterMark?: number; comment?: string };

  export class ZipArchive extends Transform {
    constructor(options?: ZipOptions);
    append(source: Readable | Buffer | string, data: ZipEntryData): this;
    finalize(): Promise<void>;
    abort(): this;
    pointer(): number;
  }
}
