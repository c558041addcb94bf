import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkConfig, ConfigError, SETTINGS, setting } from "./config";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("one rule for every variable", () => {
  it("unset or blank gives the default", () => {
    vi.stubEnv("BATCH_MAX_ROWS_ADMIN", undefined);
    expect(setting("BATCH_MAX_ROWS_ADMIN")).toBe(1_000_000);
    vi.stubEnv("BATCH_MAX_ROWS_ADMIN", " \t");
    expect(setting("BATCH_MAX_ROWS_ADMIN")).toBe(1_000_000);
    vi.stubEnv("TRUSTED_ORIGINS", "");
    expect(setting("TRUSTED_ORIGINS")).toEqual([]);
  });

  it("0 is a real limit where the minimum is 0: no batches, no exports", () => {
    vi.stubEnv("BATCHES_PER_HOUR_OPERATOR", "0");
    vi.stubEnv("EXPORTS_PER_HOUR_VIEWER", " 0 ");
    expect(setting("BATCHES_PER_HOUR_OPERATOR")).toBe(0);
    expect(setting("EXPORTS_PER_HOUR_VIEWER")).toBe(0);
  });

  it("refuses negative, fractional, non-numeric and out-of-range numbers, naming the variable, the rule and the value", () => {
    const refusal = (name: keyof typeof SETTINGS, value: string) => {
      vi.stubEnv(name, value);
      return () => setting(name);
    };
    expect(refusal("BATCHES_PER_HOUR_OPERATOR", "-1")).toThrow(new ConfigError('BATCHES_PER_HOUR_OPERATOR must be a whole number ≥ 0 (got "-1")'));
    expect(refusal("EXPORT_MAX_ROWS_VIEWER", "1.5")).toThrow('EXPORT_MAX_ROWS_VIEWER must be a whole number ≥ 0 (got "1.5")');
    expect(refusal("DB_POOL_MAX", "ten")).toThrow('DB_POOL_MAX must be a whole number ≥ 1 (got "ten")');
    expect(refusal("DB_POOL_MAX", "1e3")).toThrow(ConfigError);
    expect(refusal("MEDIA_FETCH_MAX_FILES", "0")).toThrow('MEDIA_FETCH_MAX_FILES must be a whole number ≥ 1 (got "0")');
    expect(refusal("PORT", "70000")).toThrow('PORT must be a whole number from 1 to 65535 (got "70000")');
  });

  it("reads switches as true/false and keeps the documented on/off", () => {
    vi.stubEnv("AUTH_RATE_LIMIT", "off");
    expect(setting("AUTH_RATE_LIMIT")).toBe(false);
    vi.stubEnv("AUTH_RATE_LIMIT", "ON");
    expect(setting("AUTH_RATE_LIMIT")).toBe(true);
    vi.stubEnv("MEDIA_FETCH_ALLOW_PRIVATE", "true");
    expect(setting("MEDIA_FETCH_ALLOW_PRIVATE")).toBe(true);
    vi.stubEnv("MEDIA_FETCH_ALLOW_PRIVATE", "yes please");
    expect(() => setting("MEDIA_FETCH_ALLOW_PRIVATE")).toThrow('MEDIA_FETCH_ALLOW_PRIVATE must be true or false (or on/off, 1/0) (got "yes please")');
  });

  it("reads at call time, so APP_URL's default follows PORT", () => {
    vi.stubEnv("APP_URL", undefined);
    vi.stubEnv("PORT", "4123");
    expect(setting("APP_URL")).toBe("http://localhost:4123");
    vi.stubEnv("APP_URL", "batchdesk.example.com");
    expect(() => setting("APP_URL")).toThrow(/^APP_URL must be an http\(s\) URL/);
  });

  it("lets a caller choose another default, which still applies only when the variable is unset", () => {
    vi.stubEnv("AUTH_SIGNIN_PER_MINUTE", undefined);
    expect(setting("AUTH_SIGNIN_PER_MINUTE", 1000)).toBe(1000);
    vi.stubEnv("AUTH_SIGNIN_PER_MINUTE", "5");
    expect(setting("AUTH_SIGNIN_PER_MINUTE", 1000)).toBe(5);
  });

  it("checkConfig lists every problem at once, and required variables left unset", () => {
    vi.stubEnv("DATABASE_URL", " ");
    vi.stubEnv("LOG_LEVEL", "verbose");
    vi.stubEnv("EXPORTS_PER_HOUR_ADMIN", "-5");
    const problems = checkConfig(["DATABASE_URL"]);
    expect(problems).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")');
    expect(problems).toContain('EXPORTS_PER_HOUR_ADMIN must be a whole number ≥ 0 (got "-5")');
    expect(problems.find((p) => p.startsWith("DATABASE_URL must be set"))).toBeDefined();
    expect(checkConfig()).toHaveLength(2);
  });
});

/** The variables of each table in README.md's Configuration section; "`A_X` / `_Y`" stands for A_X and A_Y. */
function readmeTables(): { app: Map<string, string>; dev: Map<string, string> } {
  const readme = fs.readFileSync(path.join(import.meta.dirname, "../README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Configuration\n"));
  if (!section) throw new Error("README.md has no Configuration section");
  const [appPart = "", devPart = ""] = section.split(/^### Development and test variables$/m);
  const table = (part: string) => {
    const vars = new Map<string, string>();
    for (const line of part.split("\n").filter((l) => l.startsWith("| `"))) {
      const [names = "", defaults = ""] = line.split(" | ");
      const [first = "", ...rest] = [...names.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!);
      const values = defaults.split(" / ");
      const expanded = [first, ...rest.map((suffix) => first.slice(0, first.lastIndexOf("_")) + suffix)];
      expanded.forEach((name, i) => vars.set(name, (values.length === expanded.length ? values[i]! : defaults).trim()));
    }
    return vars;
  };
  return { app: table(appPart), dev: table(devPart) };
}

describe("README.md documents the configuration", () => {
  const { app, dev } = readmeTables();
  const settings = Object.entries(SETTINGS);

  it("lists every app variable in its table, and nothing the config does not read", () => {
    expect([...app.keys()].sort()).toEqual(settings.filter(([, s]) => !s.dev).map(([name]) => name).sort());
  });

  it("lists every development and test variable in the second table", () => {
    expect([...dev.keys()].sort()).toEqual(settings.filter(([, s]) => s.dev).map(([name]) => name).sort());
  });

  it("shows the defaults of numeric variables as the config has them", () => {
    for (const [name, spec] of settings) {
      const fallback = spec.fallback();
      if (typeof fallback !== "number") continue;
      const shown = (app.get(name) ?? dev.get(name) ?? "").replace(/\(.*\)/, "").replace(/[`,\s]/g, "");
      expect({ name, default: Number(shown) }).toEqual({ name, default: fallback });
    }
  });
});
