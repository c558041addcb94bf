import { z } from "zod";
import { createExport } from "../../exports/create";
import { mayExportSensitive } from "../../auth/policy";
import { deleteExportFile, exportOfBatch, listExports } from "../../exports/list";
import { EXPORT_FORMATS, exportInputSchema } from "../../contracts/exports";
import { byBatchIdSchema, exportListSchema } from "../../contracts/queries";
import { limitsFor } from "../../limits";
import { protectedProcedure, router } from "../init";

export const exportsRouter = router({
  /** Starts an export batch; returns its summary (follow it with batch.progress). Any signed-in role may export. */
  create: protectedProcedure.input(exportInputSchema).mutation(({ ctx, input }) => createExport(ctx.actor, input)),
  /** Exports the user may see, newest first, with their files. */
  list: protectedProcedure.input(exportListSchema).query(({ ctx, input }) => listExports(ctx.actor, input)),
  /** The export (and file, once written) of one batch. */
  ofBatch: protectedProcedure.input(byBatchIdSchema).query(({ ctx, input }) => exportOfBatch(ctx.actor, input.batchId)),
  /** Deletes an export's file now instead of at its expiry. */
  deleteFile: protectedProcedure.input(z.strictObject({ fileId: z.uuid() })).mutation(({ ctx, input }) => deleteExportFile(ctx.actor, input.fileId)),
  /** What the export dialog may offer this user. */
  options: protectedProcedure.query(({ ctx }) => ({
    formats: EXPORT_FORMATS,
    mayIncludeSensitive: mayExportSensitive(ctx.actor.role),
    maxRows: limitsFor(ctx.actor.role, "exports").maxRows,
  })),
});
