import { ArrowLeft, Table2 } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

type Props = { params: Promise<{ resource: string }> };

// Placeholder until the record browser lands, so the dashboard's links lead somewhere sensible.
function titleOf(resource: string): string {
  const words = resource.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: titleOf((await params).resource) };
}

export default async function ResourcePage({ params }: Props) {
  const { resource } = await params;
  if (!/^[a-z_]+$/.test(resource)) notFound();
  return (
    <>
      <PageHeader
        title={titleOf(resource)}
        actions={
          <Button asChild variant="secondary" size="sm">
            <Link href="/resources">
              <ArrowLeft aria-hidden />
              All resources
            </Link>
          </Button>
        }
      />
      <EmptyState
        icon={Table2}
        title="Record browser coming soon"
        description="This page will list the table's records with search, filters and batch actions."
      />
    </>
  );
}
