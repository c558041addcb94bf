/**
 * `attachment` with both an ASCII fallback name and the exact UTF-8 name (RFC 6266), so every
 * browser saves the file under a sensible name.
 */
export function contentDisposition(name: string): string {
  // Bidirectional controls would make the saved name read differently from what it is.
  name = name.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "");
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
