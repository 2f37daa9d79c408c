/**
 * A real SMTP server in the test process (the `smtp-server` package) that keeps what arrives, with
 * a small MIME reader for the parts nodemailer writes (headers, multipart/alternative, quoted-
 * printable or base64 bodies).
 *
 *   const smtp = await startSmtpServer();          // smtp.url → SMTP_URL / smtpTransport(smtp.url)
 *   await waitFor(() => smtp.messages.length === 1);
 *   smtp.messages[0].text, .html, .headers["list-unsubscribe"], .to
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface TestSmtpServer {
  url: string;
  messages: ReceivedMail[];
  /** Refuse the next `n` messages with a 4xx (a temporarily failing server). */
  refuseNext(n: number, permanent?: boolean): void;
  close(): Promise<void>;
}

function unfold(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, " ").split(/\r\n/)) {
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

function decodeQp(s: string): string {
  const bytes = s.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`);
  try {
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, "%25"));
  } catch {
    return bytes;
  }
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const enc = (headers["content-transfer-encoding"] ?? "").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") return decodeQp(body);
  return body;
}

function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQp(text.replace(/_/g, " ")),
  );
}

export function parseMail(raw: string): Omit<ReceivedMail, "from" | "to" | "raw"> {
  const split = raw.indexOf("\r\n\r\n");
  const headers = unfold(raw.slice(0, split));
  const body = raw.slice(split + 4);
  let text = "";
  let html = "";
  const boundary = /boundary="?([^";]+)"?/i.exec(headers["content-type"] ?? "")?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [raw.slice(0, split) + "\r\n\r\n" + body];
  for (const part of parts) {
    const p = part.replace(/^\r\n/, "");
    const i = p.indexOf("\r\n\r\n");
    const h = boundary ? unfold(p.slice(0, i)) : headers;
    const b = boundary ? p.slice(i + 4).replace(/\r\n$/, "") : body;
    const decoded = decodeBody(h, b);
    if ((h["content-type"] ?? "text/plain").startsWith("text/html")) html = decoded;
    else text = decoded;
  }
  return { headers, subject: decodeWords(headers.subject ?? ""), text: text.replace(/\r\n/g, "\n"), html };
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  let refuse = 0;
  let permanent = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (refuse > 0) {
          refuse--;
          const err = Object.assign(new Error(permanent ? "Mailbox unavailable" : "Try again later"), { responseCode: permanent ? 550 : 451 });
          return callback(err);
        }
        const raw = chunks.length ? Buffer.concat(chunks).toString("utf8") : "";
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parseMail(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseNext(n, perm = false) {
      refuse = n;
      permanent = perm;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls until `cond` holds (or fails after `timeoutMs`). */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = "condition"): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
