import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditLog } from "@/components/audit/audit-log";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit log" description="Who did what, and when. Entries cannot be changed or deleted." />
      <Suspense>
        <AuditLog />
      </Suspense>
    </>
  );
}
