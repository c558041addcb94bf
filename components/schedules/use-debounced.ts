"use client";
import { useEffect, useState } from "react";

/** `value`, once it has stayed the same for `ms` (typing in a field asks the server once it pauses). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
