import { beforeAll, describe, expect, it } from "vitest";
import { routesOf } from "../../tests/fuzz/driver";
import { appOrigin, cookieAs, routeHttp, type HttpReply } from "../../tests/helpers/http";
import { rest } from "../../tests/helpers/rest";
import { tokenOf } from "../../tests/helpers/tokens";
import { procedureRule } from "../auth/procedure-rules";
import { scopesForRole } from "../auth/policy";
import { hasRole, ROLES, type Role } from "../auth/roles";
import { ROUTE_RULES, type RouteRule } from "../auth/route-rules";
import type { ApiScope } from "../contracts/scopes";
import { producer } from "../jobs/boss";
import { PROCEDURE_OPERATIONS } from "../rest/operations";
import { SEED_OPERATIONS } from "../rest/seed-operations";
import { STREAM_OPERATIONS } from "../rest/streams";

// The route handlers' authorization matrix, generated from the files under app/api and the REST
// tables: every handler runs under a rule of ROUTE_RULES (a new route without one fails here), and
// each is called as anonymous, as each role signed in, and with a token of each role × scope. What
// is checked is the edge's decision — 401 without credentials, 403 below the rule's role, 403 for a
// token without its scope, and through otherwise (the handler then answers whatever the request
// deserves). Whose rows a call may touch is the services' decision, checked per procedure by
// server/trpc/authorization.integration.test.ts and per seed API by its own tests.

/** Routes that are not withActor handlers, and why. */
const NOT_WITH_ACTOR: Record<string, string> = {
  "/api/auth/[...all]": "better-auth's own endpoints (sign-in, sign-out, session); account changes are procedures",
  "/api/trpc/[trpc]": "every procedure has a rule in PROCEDURE_RULES, checked by the procedures' matrix",
  "/api/health": "public liveness for load balancers",
  "/api/v1/[...path]": "the REST dispatcher: its operations are checked below, by the table they come from",
  "/api/v1/openapi.json": "the public API document",
  "/api/reference/scalar.js": "the API reference page's script (public)",
};

type Caller = { label: string; role: Role | "anonymous"; cookie?: string; token?: string; scopes?: ApiScope[] };
const callers: Caller[] = [{ label: "anonymous", role: "anonymous" }];

beforeAll(async () => {
  await producer();
  for (const role of ROLES) {
    callers.push({ label: `${role} signed in`, role, cookie: await cookieAs(role) });
    for (const scope of scopesForRole(role)) callers.push({ label: `${role} token [${scope}]`, role, token: (await tokenOf(role, [scope])).token, scopes: [scope] });
  }
  // Hundreds of calls of each token: the budgets are not what is tested here.
  for (const cls of ["JOB_CREATION", "STATUS_CHECK", "DEFAULT"]) for (const role of ["ADMIN", "OPERATOR", "VIEWER"]) process.env[`API_RATE_${cls}_PER_HOUR_${role}`] = "100000";
}, 120_000);

type Expected = "UNAUTHORIZED" | "ROLE" | "SCOPE" | "through";

function expected(rule: RouteRule, caller: Caller): Expected {
  if (caller.role === "anonymous") return "UNAUTHORIZED";
  if (rule.minRole !== "anonymous" && !hasRole(caller.role, rule.minRole)) return "ROLE";
  const needs: readonly ApiScope[] = typeof rule.scope === "string" ? [rule.scope] : rule.scope;
  if (caller.scopes && !needs.some((s) => caller.scopes!.includes(s)) && !caller.scopes.includes("admin")) return "SCOPE";
  return "through";
}

function decided(r: HttpReply, rule: RouteRule): Expected {
  if (r.status === 401) return "UNAUTHORIZED";
  if (r.status === 403 && r.text.includes(`needs the ${rule.minRole} role`)) return "ROLE";
  if (r.status === 403 && (r.text.includes(`lacks the \\"${String(rule.scope)}\\" scope`) || r.text.includes("This token needs one of the scopes"))) return "SCOPE";
  return "through";
}

const sampleId = "00000000-0000-4000-8000-000000000001";

function headersFor(caller: Caller, method: string): Headers {
  const headers = new Headers();
  if (caller.cookie) headers.set("cookie", caller.cookie);
  if (caller.token) headers.set("authorization", `Bearer ${caller.token}`);
  if (caller.cookie && method !== "GET") headers.set("origin", appOrigin());
  if (method !== "GET") headers.set("content-type", "application/json");
  return headers;
}

describe("route handlers under app/api", () => {
  const routes = routesOf().filter((r) => !(r.pattern in NOT_WITH_ACTOR));

  it("all run under a rule of ROUTE_RULES", async () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const mod = (await import(/* @vite-ignore */ route.file)) as Record<string, unknown>;
      for (const method of route.methods) {
        const handler = mod[method] as { routeRule?: string } | undefined;
        expect(handler?.routeRule, `${method} ${route.pattern} is not built with withActor (or add it to NOT_WITH_ACTOR with a reason)`).toBeTruthy();
        expect(ROUTE_RULES[handler!.routeRule!], `${handler!.routeRule} has no rule`).toBeDefined();
      }
    }
  });

  it("refuse or let through each caller as their rule says (role × token scope)", async () => {
    let checked = 0;
    for (const route of routes) {
      const mod = (await import(/* @vite-ignore */ route.file)) as Record<string, unknown>;
      const path = route.pattern.replace(/\[(?:\.\.\.)?(\w+)\]/g, sampleId);
      const params = Object.fromEntries(route.params.map((p) => [p.name, sampleId]));
      for (const method of route.methods.filter((m) => m !== "HEAD")) {
        const rule = ROUTE_RULES[(mod[method] as { routeRule: string }).routeRule]!;
        for (const caller of callers) {
          const req = new Request(new URL(path, appOrigin()), { method, headers: headersFor(caller, method), body: method === "GET" ? undefined : "{}" });
          const r = await routeHttp(mod, method, req, params);
          expect(decided(r, rule), `${method} ${path} as ${caller.label}: ${r.status} ${r.text.slice(0, 200)}`).toBe(expected(rule, caller));
          expect(r.status, `${method} ${path} as ${caller.label}`).toBeLessThan(500);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  }, 600_000);
});

describe("the REST API's operations", () => {
  it("name a procedure with a rule, or run under a route rule", () => {
    for (const op of PROCEDURE_OPERATIONS) expect(procedureRule(op.procedure), `${op.operationId} → ${op.procedure}`).toBeDefined();
    for (const op of STREAM_OPERATIONS.filter((o) => !o.public)) expect(ROUTE_RULES[(op.handler as { routeRule?: string }).routeRule ?? ""], op.operationId).toBeDefined();
    for (const op of SEED_OPERATIONS) expect(ROUTE_RULES[op.rule], op.operationId).toBeDefined();
  });

  it("stream and seed operations refuse or let through each caller as their rule says", async () => {
    const ops = [
      ...STREAM_OPERATIONS.filter((o) => !o.public).map((o) => ({ method: "GET", path: o.path, rule: ROUTE_RULES[(o.handler as unknown as { routeRule: string }).routeRule]! })),
      ...SEED_OPERATIONS.map((o) => ({ method: o.method, path: o.path, rule: ROUTE_RULES[o.rule]! })),
    ];
    for (const op of ops) {
      const path = op.path.replace(/\{\w+\}/g, sampleId);
      for (const caller of callers) {
        const r = await rest(op.method, path, { cookie: caller.cookie, token: caller.token, body: op.method === "GET" ? undefined : {} });
        expect(decided(r, op.rule), `${op.method} /api/v1${path} as ${caller.label}: ${r.status} ${r.text.slice(0, 200)}`).toBe(expected(op.rule, caller));
        expect(r.status).toBeLessThan(500);
      }
    }
  }, 300_000);
});
