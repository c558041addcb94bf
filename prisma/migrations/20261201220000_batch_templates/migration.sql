-- Issue 12's templates: a saved batch with typed parameters, versioned by immutable rows, and the
-- link from a batch to the template version it is a run of.

-- AlterTable
ALTER TABLE "batches" ADD COLUMN     "template_id" UUID,
ADD COLUMN     "template_version" INTEGER;

-- CreateTable
CREATE TABLE "batch_templates" (
    "id" UUID NOT NULL,
    "owner_id" TEXT NOT NULL,
    "current_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "batch_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "batch_template_versions" (
    "template_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "resource" TEXT NOT NULL,
    "target" JSONB NOT NULL,
    "operation" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "parameters" JSONB NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "batch_template_versions_pkey" PRIMARY KEY ("template_id","version")
);

-- CreateIndex
CREATE INDEX "batch_templates_owner_id_deleted_at_idx" ON "batch_templates"("owner_id", "deleted_at");

-- CreateIndex
CREATE INDEX "batches_template_id_template_version_idx" ON "batches"("template_id", "template_version");

-- AddForeignKey
ALTER TABLE "batches" ADD CONSTRAINT "batches_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "batch_templates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batch_templates" ADD CONSTRAINT "batch_templates_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batch_template_versions" ADD CONSTRAINT "batch_template_versions_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "batch_templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batch_template_versions" ADD CONSTRAINT "batch_template_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
