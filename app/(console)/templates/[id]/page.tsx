import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TemplateView } from "@/components/templates/template-view";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Template" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function TemplatePage({ params }: Props) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return <TemplateView templateId={id} />;
}
