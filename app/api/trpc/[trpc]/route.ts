import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { MAX_TRPC_BATCH } from "@/server/contracts/transport";
import { rateLimitHeaders, retryHeadersOf } from "@/server/http/rate-limit";
import { requestIdOf } from "@/server/http/request-id";
import { assertTrpcRequest, limitTrpcBody } from "@/server/http/trpc-request";
import { createContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/router";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  const requestId = requestIdOf(req.headers);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: limitTrpcBody(req),
    router: appRouter,
    maxBatchSize: MAX_TRPC_BATCH,
    // Errors thrown here reach the client in tRPC's shape, before the session is looked up.
    createContext: () => {
      assertTrpcRequest(req);
      return createContext({ headers: req.headers, requestId });
    },
    responseMeta: ({ ctx, errors }) => {
      const headers = new Headers({ "x-request-id": requestId });
      // A batch of calls may count in several classes: the headers show the one closest to its limit.
      const counted = ctx?.rateLimits ?? [];
      const tightest = counted.reduce<(typeof counted)[number] | undefined>((a, b) => (!a || b.remaining < a.remaining ? b : a), undefined);
      const sets = [tightest ? rateLimitHeaders(tightest) : {}, ...errors.map((e) => retryHeadersOf(e.cause))];
      for (const [name, value] of sets.flatMap((set) => Object.entries(set))) headers.set(name, value);
      return { headers };
    },
  });
}

export { handler as GET, handler as POST };
