export type RangeRequest =
  | { kind: "full" }
  | { kind: "partial"; start: number; end: number }
  | { kind: "unsatisfiable" };

/**
 * Reads a `Range: bytes=…` header against a file of `size` bytes. One range (`a-b`, `a-`, `-n`) is
 * served as 206; a header we do not understand, or several ranges, is answered with the whole file
 * (RFC 9110 lets a server ignore Range), which every download client handles.
 */
export function parseRange(header: string | null, size: number): RangeRequest {
  if (!header) return { kind: "full" };
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return { kind: "full" };
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  // "5-2" is not a valid range at all (RFC 9110 §14.1.1): ignored, like any header we do not understand.
  if (m[2] !== "" && Number(m[2]) < start) return { kind: "full" };
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end };
}
