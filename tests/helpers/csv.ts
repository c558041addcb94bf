import Papa from "papaparse";

/**
 * RFC 4180 CSV as the exports write it (comma-separated, `\n` between records, quoted fields may
 * hold commas, doubled quotes and newlines) as rows of strings. A final line break ends the last
 * record rather than starting an empty one; malformed CSV throws instead of being read leniently.
 */
export function parseCsv(text: string): string[][] {
  const { data, errors } = Papa.parse<string[]>(text, { delimiter: ",", newline: "\n", quoteChar: '"', header: false });
  if (errors.length) throw new Error(`not valid CSV: ${errors.map((e) => `${e.message} (row ${e.row})`).join("; ")}`);
  // Papa reads the text after the final line break as one more record with a single empty field.
  if (text.endsWith("\n")) data.pop();
  return data;
}

/** CSV as objects keyed by the header row. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}
