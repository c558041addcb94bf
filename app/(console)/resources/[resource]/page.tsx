import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { createSearchParamsCache, type SearchParams } from "nuqs/server";
import { ResourcePage } from "@/components/resources/resource-page";
import { tableSearchParams } from "@/components/resources/search-params";
import { RESOURCES } from "@/server/resources/registry";

type Props = { params: Promise<{ resource: string }>; searchParams: Promise<SearchParams> };

const cache = createSearchParamsCache(tableSearchParams);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { resource } = await params;
  return { title: RESOURCES.find((r) => r.name === resource)?.label ?? "Not found" };
}

export default async function Page({ params, searchParams }: Props) {
  const { resource } = await params;
  if (!RESOURCES.some((r) => r.name === resource)) notFound();
  // Parsing here rejects nothing (bad values fall back to defaults) but keeps server and client on one definition.
  cache.parse(await searchParams);
  return <ResourcePage resource={resource} />;
}
