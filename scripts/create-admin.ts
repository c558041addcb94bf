// `npm run create-admin`: creates an admin account in DATABASE_URL. Asks for the email address, name
// and password (typed hidden), or takes `-- --email a@b.c --name "Ada" --password …` (a password on the
// command line stays in shell history: prefer the prompt). The password must pass the same strength
// rule as everywhere else.
import "./lib/require-node";
import "../server/config-check";
import { parseArgs } from "node:util";
import readline from "node:readline/promises";
import { checkPasswordStrength } from "../server/auth/password-strength";
import { setting } from "../server/config";
import { disconnect } from "../server/db";
import { normalizeError } from "../server/errors";
import { createUser } from "../server/users/create";
import { createUserSchema } from "../server/users/schemas";

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
  allowPositionals: false,
});

/** Reads a line without echoing it. */
async function hidden(prompt: string): Promise<string> {
  process.stdout.write(prompt);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  let typed = "";
  try {
    for await (const chunk of stdin) {
      for (const ch of String(chunk)) {
        if (ch === "\u0003") process.exit(130);
        if (ch === "\r" || ch === "\n") return typed;
        if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else typed += ch;
      }
    }
    return typed;
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stdout.write("\n");
  }
}

async function ask(): Promise<{ email: string; name: string; password: string }> {
  if (values.email && values.name && values.password) return { email: values.email, name: values.name, password: values.password };
  if (!process.stdin.isTTY) {
    console.error("create-admin: not a terminal, so nothing to ask. Pass --email, --name and --password.");
    process.exit(2);
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const email = values.email ?? (await rl.question("Email: "));
  const name = values.name ?? (await rl.question("Name: "));
  rl.close();
  if (values.password) return { email, name, password: values.password };
  for (;;) {
    const password = await hidden("Password: ");
    const strength = checkPasswordStrength(password, [email, name]);
    if (!strength.ok) {
      console.error(`  ${[...strength.problems, ...strength.suggestions].join(" ")}`);
      continue;
    }
    if ((await hidden("Password again: ")) === password) return { email, name, password };
    console.error("  The two passwords differ; try again.");
  }
}

const { email, name, password } = await ask();
const parsed = createUserSchema.safeParse({ email, name, role: "admin", access: { kind: "password", password } });
if (!parsed.success) {
  console.error(`create-admin: ${parsed.error.issues.map((i) => i.message).join(" ")}`);
  process.exit(2);
}
try {
  await createUser({ setup: "create-admin" }, parsed.data);
  console.log(`Created the admin ${parsed.data.email}. Sign in at ${new URL("/sign-in", setting("APP_URL"))}.`);
} catch (err) {
  const known = normalizeError(err);
  if (!known) throw err;
  console.error(`create-admin: ${known.message.replace(/^\w+: /, "")}`);
  process.exitCode = 1;
} finally {
  await disconnect();
}
