"use client";

import { useEffect } from "react";
import { wireShareControls } from "@/client/share";

/** Wires the «شارك» buttons in the server-rendered article; renders nothing itself. */
export function ShareControl() {
  useEffect(() => wireShareControls(document), []);
  return null;
}
