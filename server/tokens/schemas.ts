import { z } from "zod";
import { API_SCOPES } from "../contracts/scopes";
import { storable } from "../contracts/text";

// Inputs of the token procedures: strict and bounded, like the users' (server/users/schemas.ts).

/** The lifetimes offered; null: the token never expires. */
export const TOKEN_LIFETIMES_DAYS = [7, 30, 90, 365] as const;

export const createTokenSchema = z.strictObject({
  name: storable(z.string().trim().min(1, "Name the token (what uses it).").max(100, "Use at most 100 characters.")),
  scopes: z
    .array(z.enum(API_SCOPES))
    .min(1, "Pick at least one scope.")
    .max(API_SCOPES.length)
    .refine((s) => new Set(s).size === s.length, "Each scope once."),
  expiresInDays: z.literal(TOKEN_LIFETIMES_DAYS, "Pick one of the offered lifetimes.").nullable(),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const tokenRefSchema = z.strictObject({ tokenId: z.string().min(1).max(100) });
