"use client";

import { useEffect } from "react";
import { clearStoredOutbox } from "./runner-store";

/** Once a set is submitted its outbox in this browser has nothing left to send. */
export function ClearOutbox({ sessionId }: { sessionId: string }) {
  useEffect(() => clearStoredOutbox(sessionId), [sessionId]);
  return null;
}
