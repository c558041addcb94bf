import { Alert } from "../ui/alert";
import { safeErrorMessage } from "./safe-error-message";

const ON_OUR_SIDE = "Something went wrong on our side. Try again in a moment.";

/**
 * The alert under a form or dialog whose request failed: our own errors in their words, anything
 * unexpected as a generic line (never the server's message or stack).
 */
export function MutationError({ error, title, fallback = ON_OUR_SIDE }: { error: unknown; title: string; fallback?: string }) {
  if (!error) return null;
  return (
    <Alert tone="danger" title={title}>
      {safeErrorMessage(error, fallback)}
    </Alert>
  );
}
