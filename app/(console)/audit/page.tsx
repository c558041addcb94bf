import { ScrollText } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, and when." />
      <EmptyState
        icon={ScrollText}
        title="No audit entries yet"
        description="Actions taken in the console — batch runs, exports, account changes — are recorded here with who did them and when."
      />
    </>
  );
}
