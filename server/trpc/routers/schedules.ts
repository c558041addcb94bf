import { byScheduleIdSchema, scheduleBodySchema, scheduleRunsSchema, scheduleUpdateSchema, timingPreviewSchema } from "../../contracts/schedules";
import { previewTiming } from "../../schedules/preview";
import { createSchedule, deleteSchedule, getSchedule, listSchedules, scheduleRuns, setSchedulePaused, updateSchedule } from "../../schedules/store";
import { runScheduleNow } from "../../schedules/tick";
import { operatorProcedure, protectedProcedure, router } from "../init";

export const schedulesRouter = router({
  /** The caller's schedules (an admin's: everyone's). */
  list: protectedProcedure.query(({ ctx }) => listSchedules(ctx.actor)),
  get: protectedProcedure.input(byScheduleIdSchema).query(({ ctx, input }) => getSchedule(ctx.actor, input.scheduleId)),
  /** Its runs, newest first, with their batches. */
  runs: protectedProcedure.input(scheduleRunsSchema).query(({ ctx, input }) => scheduleRuns(ctx.actor, input.scheduleId, input.limit)),
  /** A timing's cron, its words and its next runs, for the form before it is saved. */
  previewTiming: protectedProcedure.input(timingPreviewSchema).query(({ input }) => previewTiming(input.timing, input.count)),
  create: operatorProcedure.input(scheduleBodySchema).mutation(({ ctx, input }) => createSchedule(ctx.actor, input)),
  update: operatorProcedure.input(scheduleUpdateSchema).mutation(({ ctx, input }) => updateSchedule(ctx.actor, input)),
  pause: operatorProcedure.input(byScheduleIdSchema).mutation(({ ctx, input }) => setSchedulePaused(ctx.actor, input.scheduleId, true)),
  resume: operatorProcedure.input(byScheduleIdSchema).mutation(({ ctx, input }) => setSchedulePaused(ctx.actor, input.scheduleId, false)),
  delete: operatorProcedure.input(byScheduleIdSchema).mutation(({ ctx, input }) => deleteSchedule(ctx.actor, input.scheduleId)),
  /** A run outside the timetable; 409 SCHEDULE_CONFLICT while an earlier run has not ended. */
  runNow: operatorProcedure.input(byScheduleIdSchema).mutation(({ ctx, input }) => runScheduleNow(ctx.actor, input.scheduleId)),
});
