import type { Transform } from "node:stream";
import zlib from "node:zlib";

/** A Content-Encoding the fetch cannot undo; its message is shown to the user as is. */
export class UnknownEncoding extends Error {}

const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  "x-gzip": () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/**
 * The decoders that turn a body sent with `Content-Encoding: <header>` back into the file, in the
 * order to apply them (the last coding listed was applied last, so it comes off first); none for
 * identity. zlib's defaults are strict: a gzip body cut short or failing its CRC-32 and length
 * trailer, or a zlib one failing its Adler-32, is an error rather than a shorter file.
 */
export function decodersFor(header: string | null): Transform[] {
  const codings = (header ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  return codings.reverse().map((coding) => {
    const make = DECODERS[coding];
    if (!make) throw new UnknownEncoding(`The server sent the file encoded as "${coding.slice(0, 40)}", which cannot be decoded; nothing was stored.`);
    return make();
  });
}
