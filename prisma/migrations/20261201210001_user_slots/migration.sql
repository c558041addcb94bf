-- Per-user caps on downloads and progress streams, held over every web process (server/http/per-user-slots.ts).
-- CreateTable
CREATE TABLE "user_slots" (
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "holder" TEXT NOT NULL,
    "token" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "user_slots_pkey" PRIMARY KEY ("user_id","kind","slot")
);
