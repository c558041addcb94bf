"use client";
import { useQueryClient } from "@tanstack/react-query";
import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { authClient } from "./auth-client";

export function SignOutButton({ className }: { className?: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);

  async function signOut() {
    setPending(true);
    const result = await authClient.signOut().catch(() => null);
    if (!result || result.error) {
      setPending(false);
      toast.error("Could not sign out, try again.");
      return;
    }
    // Nothing the last user loaded may outlive their session in this tab.
    queryClient.clear();
    router.push("/sign-in");
  }

  return (
    <Button variant="ghost" size="sm" onClick={signOut} disabled={pending} className={className}>
      {pending ? <Spinner /> : <LogOut aria-hidden />}
      Sign out
    </Button>
  );
}
