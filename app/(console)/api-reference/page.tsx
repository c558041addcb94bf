import type { Metadata } from "next";
import Link from "next/link";
import { ApiReference } from "@/components/api/api-reference";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "API reference" };

/** The REST API's interactive reference, for everyone who may sign in (the document itself is public). */
export default function ApiReferencePage() {
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            Scripts call <code>/api/v1</code> with <code>Authorization: Bearer &lt;token&gt;</code> on the same engine, permissions, limits and audit as this console. The
            document is at{" "}
            <Link className="underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </Link>
            .
          </>
        }
      />
      <ApiReference />
    </>
  );
}
