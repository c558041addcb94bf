import { z } from "zod";

// zod 4 probes `new Function("")` on its first object parse to decide whether to compile parsers.
// The console's CSP has no 'unsafe-eval' (server/http/security-headers.ts), so in the browser that
// probe is blocked and reported as a violation on every page; jitless skips the probe (and the
// compiling, which the console's small forms do not need). Imported first by the providers.
z.config({ jitless: true });
