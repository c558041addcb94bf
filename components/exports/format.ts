const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** 1536 → "1.5 KB"; one fixed locale so server and browser render the same text. */
export function formatBytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** The download URL of a stored file. */
export const fileUrl = (fileId: string) => `/api/files/${fileId}`;

/** The URL of a zip of several stored files. */
export const zipUrl = (fileIds: string[]) => `/api/files/zip?ids=${fileIds.map(encodeURIComponent).join(",")}`;

const SHORT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

/** "23 Nov, 11:39" in the viewer's time zone: dates within the week the table shows. */
export function formatShort(at: Date): string {
  return SHORT.format(at);
}
