-- Created here rather than by rate-limiter-flexible at run time: the app's role has no DDL rights.
-- CreateTable
CREATE TABLE "api_rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "api_rate_limits_pkey" PRIMARY KEY ("key")
);
