import type { DemoAccount } from "@/server/seed/demo-mode";

/**
 * The demo logins that work right now (the sign-in page asks the database; none outside the demo);
 * picking one fills the form so trying each role takes one click.
 */
export function DemoAccounts({ accounts, onPick }: { accounts: DemoAccount[]; onPick: (email: string, password: string) => void }) {
  if (accounts.length === 0) return null;
  return (
    <div className="rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="demo-accounts">
      <p className="px-1.5 text-xs font-medium text-slate-600">
        Demo accounts <span className="font-normal text-slate-400">· select one to fill in the form</span>
      </p>
      <ul className="mt-1.5 space-y-0.5">
        {accounts.map((a) => (
          <li key={a.role}>
            <button
              type="button"
              onClick={() => onPick(a.email, a.password)}
              aria-label={`Fill in the ${a.role} demo account`}
              className="flex w-full items-baseline gap-3 rounded-md px-1.5 py-1 text-left hover:bg-slate-200/60 focus-visible:outline-2 focus-visible:outline-slate-900"
            >
              <span className="w-16 shrink-0 text-xs font-medium text-slate-700">{a.role}</span>
              <span className="min-w-0 font-mono text-xs leading-5 text-slate-600">
                <span className="block truncate">{a.email}</span>
                <span className="block truncate text-slate-400">{a.password}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
