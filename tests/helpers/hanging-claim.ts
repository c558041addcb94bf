// Run as a child process (a web process to kill): claims an Idempotency-Key, says so, and stays
// inside the request until it is killed.
import { withIdempotency } from "../../server/http/idempotency";

const [actorKey = "", key = "", hash = ""] = process.argv.slice(2);
setInterval(() => {}, 1000);
await withIdempotency(actorKey, key, hash, () => {
  console.log("claimed");
  return new Promise(() => {});
});
