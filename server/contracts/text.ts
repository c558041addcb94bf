import { z } from "zod";
import { textProblem } from "./plain-json";

/** Adds the storable-text rule (no NUL, no unpaired surrogate) to a string schema, keeping its type. */
export function storable<S extends z.ZodString>(schema: S): S {
  return schema.superRefine((s, ctx) => {
    const problem = textProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

/** A client-sent string of at most `max` characters that PostgreSQL can store as it is. */
export const text = (max: number) => storable(z.string().max(max));

/** Names of things in the registry (resources, fields, actions): short, and checked against the registry after. */
export const NAME_MAX = 100;
export const nameSchema = text(NAME_MAX);
