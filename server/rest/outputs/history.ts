import { z } from "zod";
import { BATCH_ORIGINS, RESULTS } from "../../contracts/batch";
import { batchState, operationSummary } from "./batches";
import { timestamp, userRef } from "./common";

const change = z.strictObject({
  field: z.string(),
  before: z.unknown().optional().meta({ description: "Left out of limited entries." }),
  after: z.unknown().optional().meta({ description: "Left out of limited entries." }),
});

/** One batch's effect on one row. */
const historyEntry = z
  .strictObject({
    access: z.enum(["full", "limited"]).meta({ description: "`limited`: another user's batch — no batch id, who, operation details or values." }),
    batchId: z.uuid().nullable(),
    origin: z.enum(BATCH_ORIGINS),
    operationType: z.string(),
    operation: operationSummary.nullable(),
    state: batchState,
    createdBy: userRef.nullable(),
    via: z.string().nullable().meta({ description: "The token or schedule the batch was started through (`token:<id>`, `schedule:<id>`); null when signed in." }),
    createdAt: timestamp,
    appliedAt: timestamp,
    action: z.string(),
    result: z.enum(RESULTS),
    error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
    changes: z.array(change),
    revertible: z.boolean(),
  })
  .meta({ id: "RowHistoryEntry" });

/** A record's timeline, newest first. */
export const rowHistoryOutput = z
  .strictObject({
    resource: z.string(),
    id: z.number().int(),
    entries: z.array(historyEntry),
    more: z.boolean().meta({ description: "More entries exist than `limit` allowed." }),
  })
  .meta({ id: "RowHistory" });
