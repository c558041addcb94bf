// Imported first by the worker, migrate and seed: the modules they import next read settings while
// loading, and every problem should be reported at once, not just the first one a module trips over.
import { exitOnConfigProblems } from "./config";

exitOnConfigProblems("Batchdesk", ["DATABASE_URL"]);
