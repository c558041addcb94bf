import type { NewUser } from "../users/users";

/** Demo accounts seeded on first start; shown in the README and the start banner. */
export const DEMO_USERS: NewUser[] = [
  { email: "admin@batchdesk.local", name: "Ada Admin", role: "admin", password: "batchdesk-admin" },
  { email: "operator@batchdesk.local", name: "Oscar Operator", role: "operator", password: "batchdesk-operator" },
  { email: "operator2@batchdesk.local", name: "Olga Operator", role: "operator", password: "batchdesk-operator" },
  { email: "viewer@batchdesk.local", name: "Vera Viewer", role: "viewer", password: "batchdesk-viewer" },
];
