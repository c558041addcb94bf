"use client";
import "./zod-jitless";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { useState, type ReactNode } from "react";
import { Toaster } from "sonner";
import superjson from "superjson";
import { leaveWhenSessionLost } from "@/components/auth/session-lost";
import { MAX_TRPC_BATCH, MAX_TRPC_URL_LENGTH } from "@/server/contracts/transport";
import type { AppRouter } from "@/server/trpc/router";
import { TRPCProvider } from "./trpc";

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: leaveWhenSessionLost }),
    mutationCache: new MutationCache({ onError: leaveWhenSessionLost }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // Authorization and validation failures do not get better by retrying.
        retry: (count, error) => {
          const code = (error as { data?: { code?: string } }).data?.code;
          return count < 2 && !["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST"].includes(code ?? "");
        },
      },
    },
  });
}

/** Query client, tRPC client (batched HTTP; SSE for subscriptions), URL state and toasts. */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/trpc", transformer: superjson }),
          // Within what the endpoint takes (contracts/transport): it refuses bigger batches.
          false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: MAX_TRPC_BATCH, maxURLLength: MAX_TRPC_URL_LENGTH }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <NuqsAdapter>{children}</NuqsAdapter>
        <Toaster richColors position="bottom-right" />
      </TRPCProvider>
    </QueryClientProvider>
  );
}
