/**
 * Every mail has the same shape: a greeting with the person's name, a few short paragraphs, at
 * most one link, and (for reminders) a one-click unsubscribe for that kind. The plain-text part is
 * the primary one; the HTML part carries the same words, escaped.
 */
export interface MailContent {
  subject: string;
  name: string;
  paragraphs: string[];
  /** Bulleted lines after the paragraphs (today's tasks, the learners with a new attempt…). */
  items?: string[];
  action?: { label: string; url: string };
}

export interface UnsubscribeLinks {
  /** The page a person opens from the link in the mail (confirms with a button). */
  pageUrl: string;
  /** RFC 8058 one-click endpoint for mail clients (POST List-Unsubscribe=One-Click). */
  oneClickUrl: string;
  /** "Today's plan tasks" … */
  kindLabel: string;
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Header values must not carry line breaks (header injection): names and subjects are folded to one line. */
export function oneLine(s: string, max = 200): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, max);
}

export function composeMail(content: MailContent, unsubscribe?: UnsubscribeLinks): ComposedMail {
  const name = oneLine(content.name, 100) || "there";
  const text: string[] = [`Hello ${name},`, "", ...content.paragraphs.flatMap((p) => [p, ""])];
  if (content.items?.length) text.push(...content.items.map((i) => `- ${i}`), "");
  if (content.action) text.push(`${content.action.label}: ${content.action.url}`, "");
  text.push("Retake Coach");
  if (unsubscribe) {
    text.push("", `You get these emails because "${unsubscribe.kindLabel}" reminders are on in your account.`, `Stop them with one click: ${unsubscribe.pageUrl}`);
  }

  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a;line-height:1.5">`,
    p(`Hello ${name},`),
    ...content.paragraphs.map(p),
    content.items?.length ? `<ul>${content.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>` : "",
    content.action ? `<p style="margin:0 0 12px"><a href="${escapeHtml(content.action.url)}">${escapeHtml(content.action.label)}</a></p>` : "",
    p("Retake Coach"),
    unsubscribe
      ? `<p style="margin:24px 0 0;font-size:12px;color:#475569">You get these emails because “${escapeHtml(unsubscribe.kindLabel)}” reminders are on in your account. <a href="${escapeHtml(unsubscribe.pageUrl)}">Unsubscribe from these emails</a>.</p>`
      : "",
    `</body></html>`,
  ].join("");

  const headers: Record<string, string> = unsubscribe
    ? { "List-Unsubscribe": `<${unsubscribe.oneClickUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
    : {};
  return { subject: oneLine(content.subject), text: text.join("\n"), html, headers };
}
