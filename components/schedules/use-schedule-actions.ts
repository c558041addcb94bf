"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { errorCode, safeErrorMessage } from "@/components/errors/safe-error-message";
import { useTRPC } from "@/components/providers/trpc";

/**
 * What "Run now" refused, in words: a conflict (409 SCHEDULE_CONFLICT: an earlier run has not ended)
 * names the run it waits for, as the server says it.
 */
export function runNowProblem(error: unknown): { title: string; message: string } {
  if (errorCode(error) === "CONFLICT") return { title: "Not run: the previous run has not ended", message: safeErrorMessage(error, "An earlier run of this schedule is still going.") };
  return { title: "Not run", message: safeErrorMessage(error, "The run could not be started.") };
}

/** Pause, resume, run now and delete of schedules, each refreshing the lists and pages that show them. */
export function useScheduleActions({ onDeleted, onRunNowError }: { onDeleted?: () => void; onRunNowError?: (error: unknown) => void } = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.schedules.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.schedules.get.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.schedules.runs.queryKey() });
  };
  const failed = (what: string) => (e: unknown) => toast.error(safeErrorMessage(e, `The schedule could not be ${what}.`));
  const done = (message: string) => {
    toast.success(message);
    refresh();
  };
  const pause = useMutation(trpc.schedules.pause.mutationOptions({ onSuccess: (s) => done(`Paused “${s.name}”`), onError: failed("paused") }));
  const resume = useMutation(trpc.schedules.resume.mutationOptions({ onSuccess: (s) => done(`Resumed “${s.name}”`), onError: failed("resumed") }));
  const runNow = useMutation(
    trpc.schedules.runNow.mutationOptions({
      onSuccess: () => done("Run queued: a dry run first, committed only within the guard"),
      onError: (e) => {
        if (onRunNowError) onRunNowError(e);
        else toast.error(runNowProblem(e).message);
      },
    }),
  );
  const remove = useMutation(
    trpc.schedules.delete.mutationOptions({
      onSuccess: () => {
        done("Schedule deleted");
        onDeleted?.();
      },
    }),
  );
  return { pause, resume, runNow, remove };
}
