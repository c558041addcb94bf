-- CreateTable
CREATE TABLE "stored_files" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'writing',
    "name" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "format" TEXT,
    "resource" TEXT,
    "size" BIGINT NOT NULL DEFAULT 0,
    "row_count" INTEGER,
    "sha256" TEXT,
    "created_by_id" TEXT NOT NULL,
    "batch_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ready_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) DEFAULT (now() + '7 days'::interval),

    CONSTRAINT "stored_files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stored_file_parts" (
    "file_id" UUID NOT NULL,
    "part_no" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "stored_file_parts_pkey" PRIMARY KEY ("file_id","part_no")
);

-- CreateTable
CREATE TABLE "media_fetches" (
    "batch_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "media_file_id" INTEGER NOT NULL,
    "source_url" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "total_bytes" BIGINT,
    "bytes_per_second" INTEGER,
    "stored_file_id" UUID,
    "error" JSONB,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "media_fetches_pkey" PRIMARY KEY ("batch_id","seq")
);

-- CreateIndex
CREATE INDEX "stored_files_created_by_id_created_at_idx" ON "stored_files"("created_by_id", "created_at");

-- CreateIndex
CREATE INDEX "stored_files_batch_id_idx" ON "stored_files"("batch_id");

-- CreateIndex
CREATE INDEX "stored_files_state_expires_at_idx" ON "stored_files"("state", "expires_at");

-- CreateIndex
CREATE INDEX "media_fetches_batch_id_state_idx" ON "media_fetches"("batch_id", "state");

-- AddForeignKey
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stored_file_parts" ADD CONSTRAINT "stored_file_parts_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "stored_files"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "media_fetches" ADD CONSTRAINT "media_fetches_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: parts are stored uncompressed and out of line (exports are often already zipped,
-- and substring() on an EXTERNAL value reads only the TOAST chunks a byte range needs).
ALTER TABLE "stored_file_parts" ALTER COLUMN "data" SET STORAGE EXTERNAL;
