import { setting } from "../config";

// The words and markup of a notification e-mail: the same title, body and link as the console's.

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** An absolute URL of a console path, from APP_URL. */
export function consoleUrl(path: string): string {
  return new URL(path, setting("APP_URL")).toString();
}

/** Plain-text and HTML bodies of an e-mail saying `title` and `body`, linking to `link` (a console path) and to the Account page's choices. */
export function renderEmail(m: { title: string; body: string; link?: string | null; why?: string }): { subject: string; text: string; html: string } {
  const open = m.link ? consoleUrl(m.link) : null;
  const account = consoleUrl("/account");
  const why = m.why ?? "You get this e-mail because of your notification choices.";
  const text = [m.title, "", m.body, ...(open ? ["", `Open it in Batchdesk: ${open}`] : []), "", "--", `${why} Change them on your account page: ${account}`, ""].join("\n");
  const para = (s: string) => escapeHtml(s).replace(/\n/g, "<br>");
  const html = `<!doctype html>
<html><body style="font-family:system-ui,sans-serif;color:#0f172a;line-height:1.5">
<h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(m.title)}</h1>
${m.body ? `<p style="margin:0 0 16px">${para(m.body)}</p>` : ""}
${open ? `<p style="margin:0 0 24px"><a href="${escapeHtml(open)}" style="color:#0f172a;font-weight:600">Open it in Batchdesk</a></p>` : ""}
<p style="font-size:12px;color:#64748b;margin:0">${escapeHtml(why)} <a href="${escapeHtml(account)}" style="color:#64748b">Change them on your account page</a>.</p>
</body></html>
`;
  return { subject: m.title, text, html };
}
