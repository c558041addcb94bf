import { Download } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Exports" };

export default function ExportsPage() {
  return (
    <>
      <PageHeader title="Exports" description="CSV and Excel files of records, built in the background." />
      <EmptyState
        icon={Download}
        title="No exports yet"
        description="Exports you request from a resource appear here, ready to download once they are built."
      />
    </>
  );
}
