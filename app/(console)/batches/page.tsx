import type { Metadata } from "next";
import { BatchesList } from "@/components/batches/batches-list";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Batches" };

export default function BatchesPage() {
  return (
    <>
      <PageHeader title="Batches" description="Bulk changes to records, previewed before they run." />
      <BatchesList />
    </>
  );
}
