const ACCOUNTS = [
  { role: "admin", email: "admin@batchdesk.local", password: "batchdesk-admin" },
  { role: "operator", email: "operator@batchdesk.local", password: "batchdesk-operator" },
  { role: "viewer", email: "viewer@batchdesk.local", password: "batchdesk-viewer" },
] as const;

/** The seeded demo logins; picking one fills the form so trying each role takes one click. */
export function DemoAccounts({ onPick }: { onPick: (email: string, password: string) => void }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
      <p className="font-medium text-slate-700">Demo accounts</p>
      <ul className="mt-2 space-y-1">
        {ACCOUNTS.map((a) => (
          <li key={a.role}>
            <button
              type="button"
              onClick={() => onPick(a.email, a.password)}
              aria-label={`Fill in the ${a.role} demo account`}
              className="grid w-full grid-cols-[4.5rem_1fr] gap-2 rounded px-1.5 py-1 text-left text-slate-600 hover:bg-slate-200/60 focus-visible:outline-2 focus-visible:outline-slate-900"
            >
              <span className="font-medium text-slate-700">{a.role}</span>
              <span className="truncate font-mono text-xs leading-5">
                {a.email} / {a.password}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
