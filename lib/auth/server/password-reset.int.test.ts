import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { loginThrottle, mailOutbox, passwordResetTokens, users } from "@/db/schema";
import { smtpTransport } from "@/lib/mail/server/outbox";
import type { MailSettings } from "@/lib/mail/server/settings";
import { createTestDatabase, ENGINE } from "@/test/db";
import { deliverDueMail } from "@/test/jobs";
import { startSmtpServer, type TestSmtpServer } from "@/test/smtp";
import { authenticate } from "./credentials";
import { hashPassword } from "../password";
import { hashResetToken, requestPasswordReset, RESET_THROTTLE, RESET_TTL_MS, resetPassword, resetTokenIsValid } from "./password-reset";
import { THROTTLE_RULES } from "./throttle";

const settings: MailSettings = { smtp: true, origin: "https://coach.example", secret: "reset-test-secret-0123456789abcdef", from: "Retake Coach <no-reply@coach.example>" };
const OLD = "the old passphrase";
let h: DbHandle;
let smtp: TestSmtpServer;
let transport: ReturnType<typeof smtpTransport>;

async function learner(email: string, extra: Partial<typeof users.$inferInsert> = {}) {
  const [u] = await h.db.insert(users).values({ email, name: "Sam Reset", role: "learner", timeZone: "Europe/Paris", passwordHash: await hashPassword(OLD), ...extra }).returning();
  return u!;
}

/** The reset link of the last mail to `to`, and its token. */
function linkIn(to: string): { url: URL; token: string } {
  const mail = [...smtp.messages].reverse().find((m) => m.to.includes(to));
  if (!mail) throw new Error(`no mail to ${to}`);
  const match = /https:\/\/coach\.example\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no reset link in: ${mail.text}`);
  return { url: new URL(match[0]), token: match[1]! };
}

beforeAll(async () => {
  h = await createTestDatabase();
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url);
}, 120_000);
afterAll(async () => {
  (transport as unknown as { close?: () => void }).close?.();
  await smtp?.close();
  await h?.close();
});

describe(`password reset by email (${ENGINE})`, () => {
  it("mails a single-use link that sets a new password, retires every session and signs nobody in", async () => {
    const sam = await learner("sam@example.com", { sessionVersion: 4, mustChangePassword: true });
    const now = new Date();
    expect(await requestPasswordReset(h.db, settings, { email: "sam@example.com", ip: "198.51.100.1" }, now)).toBe("sent");
    expect(await deliverDueMail(h.db, transport)).toBe(1);

    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toEqual(["sam@example.com"]);
    expect(mail.subject).toBe("Choose a new Retake Coach password");
    expect(mail.text).toMatch(/^Hello Sam Reset,/);
    expect(mail.text).toContain("(Europe/Paris time)");
    expect(mail.headers["list-unsubscribe"]).toBeUndefined(); // a security mail, not a reminder one can opt out of
    const { url, token } = linkIn("sam@example.com");
    expect(url.pathname).toBe("/reset-password");

    // Only a hash of the token is stored.
    const [stored] = await h.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, sam.id));
    expect(stored!.tokenHash).toBe(hashResetToken(token));
    expect(stored!.tokenHash).not.toContain(token);
    expect(stored!.expiresAt.getTime() - now.getTime()).toBe(RESET_TTL_MS);
    expect(await resetTokenIsValid(h.db, token)).toBe(true);

    await resetPassword(h.db, { token, password: "a brand new passphrase" });
    const [after] = await h.db.select().from(users).where(eq(users.id, sam.id));
    expect(after!.sessionVersion).toBe(5);
    expect(after!.mustChangePassword).toBe(false);
    expect((await authenticate(h.db, { email: "sam@example.com", password: OLD, ip: "198.51.100.9" })).ok).toBe(false);
    expect((await authenticate(h.db, { email: "sam@example.com", password: "a brand new passphrase", ip: "198.51.100.9" })).ok).toBe(true);

    // Single use: the same link again is refused, and the password stays.
    await expect(resetPassword(h.db, { token, password: "a third passphrase!" })).rejects.toThrow(/expired or was already used/);
    expect(await resetTokenIsValid(h.db, token)).toBe(false);
  });

  it("refuses a link after 30 minutes, and spends every other open link of the account on use", async () => {
    const kai = await learner("kai@example.com");
    const t0 = new Date("2026-05-01T10:00:00Z");
    await requestPasswordReset(h.db, settings, { email: "kai@example.com", ip: "198.51.100.2" }, t0);
    await deliverDueMail(h.db, transport);
    const first = linkIn("kai@example.com").token;
    expect(await resetTokenIsValid(h.db, first, new Date(t0.getTime() + RESET_TTL_MS - 1))).toBe(true);
    expect(await resetTokenIsValid(h.db, first, new Date(t0.getTime() + RESET_TTL_MS))).toBe(false);
    await expect(resetPassword(h.db, { token: first, password: "too late passphrase" }, new Date(t0.getTime() + RESET_TTL_MS))).rejects.toThrow(/expired/);

    const t1 = new Date();
    await requestPasswordReset(h.db, settings, { email: "kai@example.com", ip: "198.51.100.2" }, t1);
    await deliverDueMail(h.db, transport);
    const second = linkIn("kai@example.com").token;
    await requestPasswordReset(h.db, settings, { email: "kai@example.com", ip: "198.51.100.2" }, t1);
    await deliverDueMail(h.db, transport);
    const third = linkIn("kai@example.com").token;
    expect(third).not.toBe(second);
    await resetPassword(h.db, { token: third, password: "kai's new passphrase" });
    expect(await resetTokenIsValid(h.db, second)).toBe(false);
    void kai;
  });

  it("answers an unknown or deactivated address like any other and sends nothing", async () => {
    await learner("gone@example.com", { active: false });
    const before = (await h.db.select().from(mailOutbox)).length;
    expect(await requestPasswordReset(h.db, settings, { email: "nobody@example.com", ip: "198.51.100.3" })).toBe("no-account");
    expect(await requestPasswordReset(h.db, settings, { email: "gone@example.com", ip: "198.51.100.3" })).toBe("no-account");
    expect((await h.db.select().from(mailOutbox)).length).toBe(before);
  });

  it("throttles per account (known or not) and per client address, in the database", async () => {
    await learner("busy@example.com");
    const now = new Date("2026-07-01T08:00:00Z");
    const outcomes = [];
    for (let i = 0; i < RESET_THROTTLE.account.max + 1; i++) outcomes.push(await requestPasswordReset(h.db, settings, { email: "busy@example.com", ip: `203.0.113.${i}` }, now));
    expect(outcomes).toEqual([...Array(RESET_THROTTLE.account.max).fill("sent"), "throttled"]);
    // An address without an account is counted the same way (no difference to observe).
    const unknown = [];
    for (let i = 0; i < RESET_THROTTLE.account.max + 1; i++) unknown.push(await requestPasswordReset(h.db, settings, { email: "ghost@example.com", ip: `203.0.113.${i}` }, now));
    expect(unknown).toEqual([...Array(RESET_THROTTLE.account.max).fill("no-account"), "throttled"]);
    // An hour later the account may ask again.
    expect(await requestPasswordReset(h.db, settings, { email: "busy@example.com", ip: "203.0.113.200" }, new Date(now.getTime() + RESET_THROTTLE.account.windowMs + 1))).toBe("sent");

    // One client address spraying many addresses is stopped too.
    const spray = [];
    for (let i = 0; i < RESET_THROTTLE.address.max + 1; i++) spray.push(await requestPasswordReset(h.db, settings, { email: `spray${i}@example.com`, ip: "192.0.2.77" }, now));
    expect(spray.slice(0, RESET_THROTTLE.address.max).every((o) => o === "no-account")).toBe(true);
    expect(spray.at(-1)).toBe("throttled");
    const [row] = await h.db.select().from(loginThrottle).where(eq(loginThrottle.key, "reset-address:192.0.2.77"));
    expect(row!.failures).toBe(RESET_THROTTLE.address.max + 1);
  });

  it("lifts a sign-in lock from earlier wrong guesses once the password is reset", async () => {
    await learner("locked@example.com");
    const now = new Date();
    for (let i = 0; i < THROTTLE_RULES.account.maxFailures; i++) await authenticate(h.db, { email: "locked@example.com", password: "wrong guess", ip: "192.0.2.5" }, now);
    expect((await authenticate(h.db, { email: "locked@example.com", password: OLD, ip: "192.0.2.5" }, now)).ok).toBe(false);
    await requestPasswordReset(h.db, settings, { email: "locked@example.com", ip: "192.0.2.5" });
    await deliverDueMail(h.db, transport);
    await resetPassword(h.db, { token: linkIn("locked@example.com").token, password: "unlocked passphrase" });
    expect((await authenticate(h.db, { email: "locked@example.com", password: "unlocked passphrase", ip: "192.0.2.5" })).ok).toBe(true);
  });
});
