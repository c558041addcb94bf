import { listAudit } from "../../audit/list";
import { auditQuerySchema } from "../../contracts/queries";
import { adminProcedure, router } from "../init";

export const auditRouter = router({
  /** Admins read the append-only audit log. */
  list: adminProcedure.input(auditQuerySchema).query(({ input }) => listAudit(input)),
});
