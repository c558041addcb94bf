import type { Metadata } from "next";
import { headers } from "next/headers";
import { AllTokensCard } from "@/components/tokens/all-tokens-card";
import { UsersView } from "@/components/users/users-view";
import { getSessionActor } from "@/server/auth/session";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await getSessionActor(await headers());
  return (
    <>
      <UsersView />
      {me?.role === "admin" ? <AllTokensCard /> : null}
    </>
  );
}
