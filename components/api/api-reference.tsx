"use client";

import { useEffect, useRef, useState } from "react";

type ScalarInstance = { destroy: () => void };
type ScalarGlobal = { createApiReference: (el: HTMLElement, config: Record<string, unknown>) => ScalarInstance };

const SCRIPT_SRC = "/api/reference/scalar.js";

/** Loads Scalar's browser build once; a script added by our (nonce-trusted) code passes the CSP's strict-dynamic. */
function loadScalar(): Promise<ScalarGlobal> {
  const w = window as unknown as { Scalar?: ScalarGlobal; __scalarLoading?: Promise<ScalarGlobal> };
  if (w.Scalar) return Promise.resolve(w.Scalar);
  w.__scalarLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = SCRIPT_SRC;
    script.async = true;
    script.onload = () => (w.Scalar ? resolve(w.Scalar) : reject(new Error("Scalar did not load.")));
    script.onerror = () => reject(new Error("Could not load the API reference."));
    document.head.appendChild(script);
  });
  return w.__scalarLoading;
}

/**
 * The interactive reference of /api/v1, read from its OpenAPI document. "Test request" sends calls
 * from this browser with the token entered under Authentication; nothing goes to Scalar's servers
 * (no proxy, no telemetry, no hosted fonts — the page's CSP would refuse them anyway).
 */
export function ApiReference() {
  const el = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let instance: ScalarInstance | null = null;
    let gone = false;
    loadScalar()
      .then((scalar) => {
        if (gone || !el.current) return;
        instance = scalar.createApiReference(el.current, {
          url: "/api/v1/openapi.json",
          withDefaultFonts: false,
          telemetry: false,
          hideClientButton: true,
          hideDarkModeToggle: true,
          showDeveloperTools: "never",
          agent: { disabled: true },
          persistAuth: false,
          authentication: { preferredSecurityScheme: "bearerAuth" },
        });
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
    return () => {
      gone = true;
      instance?.destroy();
    };
  }, []);
  if (error) return <p className="text-sm text-destructive">{error}</p>;
  return (
    <div className="overflow-hidden rounded-lg border bg-card">
      <div ref={el} className="min-h-[60vh]" />
    </div>
  );
}
