import { ArrowLeft, FileQuestionMark } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { ErrorView } from "./error-view";

export function PageNotFound() {
  return (
    <ErrorView
      icon={FileQuestionMark}
      code="404"
      title="Page not found"
      message="The page you asked for does not exist or has moved. Check the address, or start again from the dashboard."
      actions={
        <Button asChild variant="secondary">
          <Link href="/dashboard">
            <ArrowLeft aria-hidden />
            Back to the dashboard
          </Link>
        </Button>
      }
    />
  );
}
