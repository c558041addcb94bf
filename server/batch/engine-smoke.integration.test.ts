import { beforeAll, expect, it } from "vitest";
import { callerAs } from "../../tests/helpers/session";
import { runToEnd } from "../../tests/helpers/run-batch";
import { seedRows } from "../../tests/helpers/seed";
import { pool } from "../db";

beforeAll(async () => {
  await seedRows({ letters: 500 });
});

it("smoke: status change through validate → execute → run", async () => {
  const admin = await callerAs("admin");
  const preview = await admin.batch.validate({
    resource: "letters",
    target: { kind: "filter", selection: { scope: "active" }, excludeIds: [] },
    operation: { type: "statusChange", to: "generated", reason: "smoke", force: false },
  });
  console.log(preview.preview, preview.state);
  const items = await admin.batch.items({ batchId: preview.id, outcome: "invalid", pageSize: 2 });
  console.log(JSON.stringify(items.items, null, 1));
  await admin.batch.execute({ batchId: preview.id });
  await runToEnd(preview.id);
  const done = await admin.batch.status({ batchId: preview.id });
  console.log(done.progress);
  const { rows } = await pool().query("SELECT status, count(*)::int n FROM letters GROUP BY 1 ORDER BY 1");
  console.log(rows);
  expect(done.state).toBe("completed");
});
