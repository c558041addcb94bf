import { Layers } from "lucide-react";

export function Brand() {
  return (
    <span className="flex items-center gap-2 text-[15px] font-semibold tracking-tight text-slate-900">
      <span className="flex size-7 items-center justify-center rounded-md bg-slate-900 text-white">
        <Layers aria-hidden className="size-4" />
      </span>
      Batchdesk
    </span>
  );
}
