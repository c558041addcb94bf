import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ScheduleView } from "@/components/schedules/schedule-view";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Schedule" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function SchedulePage({ params }: Props) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return <ScheduleView scheduleId={id} />;
}
