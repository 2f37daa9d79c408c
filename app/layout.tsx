import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";
import { StyleNonce } from "./style-nonce";

export const metadata: Metadata = {
  title: { default: "Retake Coach", template: "%s · Retake Coach" },
  description: "Plan, repair and pass your certification retake.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: Next puts that request's CSP nonce (from proxy.ts) on its
  // scripts, and a page prerendered at build time would carry none and be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <StyleNonce />
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
