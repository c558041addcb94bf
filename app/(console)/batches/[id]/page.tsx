import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BatchView } from "@/components/batches/batch-view";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Batch" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function BatchPage({ params }: Props) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return <BatchView batchId={id} />;
}
