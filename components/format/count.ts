const COUNT = new Intl.NumberFormat("en-US");

/** 12345 → "12,345"; one fixed locale so server and browser render the same text. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}
