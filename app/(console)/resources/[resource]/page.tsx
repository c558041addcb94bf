import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { createSearchParamsCache, type SearchParams } from "nuqs/server";
import { queryInputFrom } from "@/components/resources/query-input";
import { ResourcePage } from "@/components/resources/resource-page";
import { tableSearchParams } from "@/components/resources/search-params";
import type { InitialPage } from "@/components/resources/types";
import { getSessionActor } from "@/server/auth/session";
import { logger } from "@/server/logger";
import { resourcesMeta } from "@/server/resources/meta";
import { queryResource } from "@/server/resources/query";
import { RESOURCES } from "@/server/resources/registry";

type Props = { params: Promise<{ resource: string }>; searchParams: Promise<SearchParams> };

const cache = createSearchParamsCache(tableSearchParams);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { resource } = await params;
  return { title: RESOURCES.find((r) => r.name === resource)?.label ?? "Not found" };
}

/**
 * The registry and the first page of rows come with the HTML (parsed from the URL with the same
 * parsers the client uses), so the table shows data without waiting for a round trip.
 */
export default async function Page({ params, searchParams }: Props) {
  const { resource } = await params;
  if (!RESOURCES.some((r) => r.name === resource)) notFound();
  const user = await getSessionActor(await headers());
  if (!user) return null; // the console layout sends the visitor to sign in
  const meta = resourcesMeta(user.role);
  const fields = meta.find((r) => r.name === resource)!.fields;
  const input = queryInputFrom(resource, cache.parse(await searchParams), fields);
  let initial: InitialPage | undefined;
  try {
    initial = { input, data: await queryResource(user.role, input) };
  } catch (err) {
    // A bad filter in a shared link, say: the client asks again and shows the error in place.
    logger.warn({ err, resource }, "resource page prefetch failed");
  }
  return <ResourcePage resource={resource} initialMeta={meta} initial={initial} />;
}
