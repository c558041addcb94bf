import { createTokenSchema, tokenRefSchema } from "../../tokens/schemas";
import { createToken, listAllTokens, listOwnTokens, revokeToken } from "../../tokens/tokens";
import { adminProcedure, protectedProcedure, router } from "../init";

// API tokens, managed in the console only: every procedure here is session-only (PROCEDURE_RULES),
// so a token can neither make a wider token nor keep itself alive.
export const tokensRouter = router({
  /** The signed-in user's tokens, active first (prefix, scopes, created, expires, last used). */
  list: protectedProcedure.query(({ ctx }) => listOwnTokens(ctx.actor)),
  /** Issues a token; its secret is in this answer only. */
  create: protectedProcedure.input(createTokenSchema).mutation(({ ctx, input }) => createToken(ctx.actor, input)),
  /** Revokes one of the user's tokens, or (admins) anyone's. */
  revoke: protectedProcedure.input(tokenRefSchema).mutation(({ ctx, input }) => revokeToken(ctx.actor, input.tokenId)),
  /** Every user's tokens, for admins. */
  listAll: adminProcedure.query(({ ctx }) => listAllTokens(ctx.actor)),
});
