/** Prefix of the session cookies; shared by the auth setup and the proxy that checks for them. */
export const AUTH_COOKIE_PREFIX = "batchdesk";
