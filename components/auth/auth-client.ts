"use client";
import { createAuthClient } from "better-auth/react";

/** better-auth in the browser; same origin as the app, so no baseURL. */
export const authClient = createAuthClient();
