import Bowser from "bowser";

/** "Chrome 131 on Linux", "Safari 18 on iOS (mobile)", or "Unknown device" for no or an unreadable user agent. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const { browser, os, platform } = Bowser.parse(userAgent.slice(0, 1000));
  const name = browser.name ? `${browser.name}${browser.version ? ` ${browser.version.split(".")[0]}` : ""}` : null;
  const system = os.name ? `${os.name}${os.versionName ? ` ${os.versionName}` : ""}` : null;
  const kind = platform.type && platform.type !== "desktop" ? ` (${platform.type})` : "";
  if (!name && !system) return "Unknown device";
  return `${name ?? "Unknown browser"}${system ? ` on ${system}` : ""}${kind}`;
}
