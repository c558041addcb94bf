"use client";
import { useRouter } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { TemplateForm } from "./template-form";

/** A template from scratch: the form, then its page. */
export function NewTemplate() {
  const router = useRouter();
  return (
    <div>
      <PageHeader
        title="New template"
        description="A saved batch with parameters: a resource, what it acts on, what it does. Refer to a parameter as ${name} in filter values and operation values."
      />
      <TemplateForm onDone={() => router.push("/templates")} onCreated={(id) => router.push(`/templates/${id}`)} />
    </div>
  );
}
