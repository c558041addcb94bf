import { Layers } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Batches" };

export default function BatchesPage() {
  return (
    <>
      <PageHeader title="Batches" description="Bulk changes to records, previewed before they run." />
      <EmptyState
        icon={Layers}
        title="No batches yet"
        description="Batches you start from a resource appear here with their progress, results and any rows that failed."
      />
    </>
  );
}
