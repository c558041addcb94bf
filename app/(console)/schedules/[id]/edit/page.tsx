import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ScheduleFormPage } from "@/components/schedules/schedule-form-page";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Edit schedule" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function EditSchedulePage({ params }: Props) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return <ScheduleFormPage scheduleId={id} />;
}
