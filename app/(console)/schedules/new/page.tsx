import type { Metadata } from "next";
import { ScheduleFormPage } from "@/components/schedules/schedule-form-page";

export const metadata: Metadata = { title: "New schedule" };

type Props = { searchParams: Promise<{ template?: string | string[] }> };

/** `?template=<id>` preselects the template (the Templates page's "Schedule"). */
export default async function NewSchedulePage({ searchParams }: Props) {
  const { template } = await searchParams;
  return <ScheduleFormPage templateId={typeof template === "string" ? template : undefined} />;
}
