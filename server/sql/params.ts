/** Collects bound parameters while SQL text is built; nothing from a client is ever spliced in. */
export class Params {
  readonly values: unknown[] = [];

  /** Binds `value` and returns its placeholder, with an optional cast (`$3::int4`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

/** Quotes an identifier taken from the registry (never from input). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
