const COUNT = new Intl.NumberFormat("en-US");

/** 12345 → "12,345"; one fixed locale so server and browser render the same text. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** 1 → "1 row", 1200 → "1,200 rows" (plural: singular + "s" unless given). */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}
