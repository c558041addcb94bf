import { PageNotFound } from "@/components/errors/page-not-found";

// notFound() inside the console keeps the navigation around the message.
export default function ConsoleNotFound() {
  return <PageNotFound />;
}
