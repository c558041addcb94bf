import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { MAX_TRPC_BATCH } from "@/server/contracts/transport";
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
    responseMeta: () => ({ headers: new Headers({ "x-request-id": requestId }) }),
  });
}

export { handler as GET, handler as POST };
