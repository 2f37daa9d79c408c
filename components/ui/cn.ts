import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Joins class names and resolves Tailwind conflicts so the LATER class wins
 * (`cn("px-4", "px-2")` is `"px-2"`). A plain string join leaves both, and then the
 * stylesheet's order decides, which is how an override silently does nothing.
 */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
