import { defineConfig } from "prisma/config";
import { setting } from "./server/config";

// DATABASE_URL may be absent: `prisma generate` (postinstall) needs no database.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: setting("DATABASE_URL") ?? "" },
});
