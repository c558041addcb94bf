import type { Metadata } from "next";
import { ResourceList } from "@/components/resources/resource-list";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Resources" };

export default function ResourcesPage() {
  return (
    <>
      <PageHeader title="Resources" description="The tables Batchdesk can browse, export and change in batches." />
      <ResourceList />
    </>
  );
}
