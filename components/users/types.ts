import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";

type Outputs = inferRouterOutputs<AppRouter>;

/** One row of the users table, as users.list returns it. */
export type UserRow = Outputs["users"]["list"][number];
/** A one-time set-password link, as users.create and users.resetPassword return it. */
export type PasswordLink = NonNullable<Outputs["users"]["create"]["link"]>;
