import { z } from "zod";

const fieldDef = z.strictObject({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  pg: z.string(),
  required: z.boolean().optional(),
  notNull: z.boolean().optional(),
  unique: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  pattern: z.string().optional(),
  patternHint: z.string().optional(),
  options: z.array(z.string()).optional(),
  sensitive: z.boolean().optional(),
  searchable: z.boolean().optional(),
  scale: z.number().optional(),
  default: z.unknown().optional(),
  hiddenByDefault: z.boolean().optional(),
});

export const resourceListOutput = z.array(z.strictObject({ name: z.string(), label: z.string() })).meta({ id: "ResourceList" });

/** Each resource's fields, status transitions and the operations the caller's role may run. */
export const resourcesMetaOutput = z
  .array(
    z.strictObject({
      name: z.string(),
      label: z.string(),
      singular: z.string(),
      titleField: z.string(),
      fields: z.array(fieldDef),
      hiddenFields: z.array(z.strictObject({ name: z.string(), label: z.string() })),
      status: z.strictObject({ field: z.string(), transitions: z.record(z.string(), z.array(z.string())) }).nullable(),
      ownerField: z.string(),
      naturalKey: z.array(z.string()).nullable(),
      hasSoftDelete: z.boolean(),
      hasArchive: z.boolean(),
      archiveHasLocation: z.boolean(),
      operations: z.array(z.string()),
      canForce: z.boolean(),
      canFetchFiles: z.boolean(),
      defaultSort: z.strictObject({ field: z.string(), dir: z.enum(["asc", "desc"]) }),
    }),
  )
  .meta({ id: "ResourcesMeta" });

/** One page of rows; each row's keys are the resource's fields the caller may read. */
export const resourceQueryOutput = z
  .strictObject({
    rows: z.array(z.looseObject({ id: z.number().int(), ownerName: z.string().nullable() })),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: "ResourceRows" });

export const resourceCountOutput = z.number().int().meta({ description: "Rows the selection matches." });
