import { formatCount } from "@/components/format/count";
import type { BatchKind } from "@/server/contracts/batch";
import type { BatchProgress } from "./types";

type CountKey = keyof BatchProgress["counts"];

/** How a batch's progress is worded: what it counts, which results it can have, and what they mean. */
export type ProgressTerms = {
  unit: string;
  counts: { key: CountKey; label: string; tone: string }[];
  /** Exports and fetches stream in one piece: chunks mean nothing to the user. */
  chunked: boolean;
};

const ROW_COUNTS: ProgressTerms["counts"] = [
  { key: "succeeded", label: "Succeeded", tone: "text-emerald-700" },
  { key: "unchanged", label: "Unchanged", tone: "text-slate-700" },
  { key: "invalid", label: "Invalid", tone: "text-red-700" },
  { key: "conflict", label: "Conflicts", tone: "text-amber-700" },
  { key: "failed", label: "Failed", tone: "text-red-700" },
];

const TERMS: Record<BatchKind, ProgressTerms> = {
  rows: { unit: "rows", counts: ROW_COUNTS, chunked: true },
  fetch: {
    unit: "files",
    counts: [
      { key: "succeeded", label: "Downloaded", tone: "text-emerald-700" },
      { key: "unchanged", label: "Already there", tone: "text-slate-700" },
      { key: "failed", label: "Failed", tone: "text-red-700" },
    ],
    chunked: false,
  },
  export: { unit: "rows", counts: [{ key: "succeeded", label: "Written", tone: "text-emerald-700" }], chunked: false },
};

/** The words for a batch of this kind. */
export function progressTerms(kind: BatchKind): ProgressTerms {
  return TERMS[kind];
}

/** "2 downloaded, 1 failed." / "1,200 changed, 3 not applied." for a finished batch's toast. */
export function describeCounts(kind: BatchKind, c: BatchProgress["counts"]): string {
  if (kind === "fetch") {
    return `${formatCount(c.succeeded)} downloaded${c.unchanged ? `, ${formatCount(c.unchanged)} already there` : ""}${c.failed ? `, ${formatCount(c.failed)} failed` : ""}.`;
  }
  if (kind === "export") return `${formatCount(c.succeeded)} rows written.`;
  const problems = c.failed + c.conflict + c.invalid;
  return `${formatCount(c.succeeded)} changed${c.unchanged ? `, ${formatCount(c.unchanged)} unchanged` : ""}${problems ? `, ${formatCount(problems)} not applied` : ""}.`;
}
