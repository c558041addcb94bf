// Seed 003's "Batch Templates" (/work/shared/seeds/003_*.txt): the list response as printed. The seed
// prints no request body for creating one; its template element (without the id) is what a script
// would send. Its resource ("fields", with a crop type) is not one of ours: ADAPTED_TEMPLATE is the
// same template on products, crop_type replaced by products' name.

export const LIST_TEMPLATES = {
  data: {
    templates: [
      {
        id: "template12345",
        name: "bulk_field_update",
        description: "Update multiple field properties",
        parameters: [
          { name: "status", type: "string", required: true, enum: ["active", "inactive"] },
          { name: "crop_type", type: "string", required: false },
        ],
        operations: [{ type: "update", resource: "fields", template: { status: "${status}", crop_type: "${crop_type}" } }],
      },
    ],
  },
};

const { id: _id, ...printed } = LIST_TEMPLATES.data.templates[0]!;
/** The printed template as a create body. */
export const CREATE_TEMPLATE = printed;

/** The same template on products (a filter added: it updates products of one SKU prefix, given at run time). */
export const ADAPTED_TEMPLATE = (skuPrefix: string) => ({
  ...printed,
  parameters: [printed.parameters[0]!, { name: "name", type: "string", required: false }],
  operations: [{ type: "update", resource: "products", filter: { sku: { startsWith: skuPrefix } }, template: { status: "${status}", name: "${name}" } }],
});

/** The list example with the adapted template's keys, for comparing the shape. */
export const ADAPTED_LIST = {
  data: {
    templates: [
      {
        ...LIST_TEMPLATES.data.templates[0]!,
        operations: [{ type: "update", resource: "products", template: { status: "${status}", name: "${name}" } }],
      },
    ],
  },
};
