import { hash, verify } from "@node-rs/argon2";

// OWASP's Argon2id recommendation: 19 MiB memory, 2 iterations, 1 lane.
// Algorithm is a const enum in the package's types; 2 is Argon2id.
const ARGON2ID_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID_OPTIONS as never);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * For an unknown email the sign-in still compares against a real hash with the same
 * parameters, so the response time does not reveal whether the account exists.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("retake-coach-timing-equaliser");
  await verifyPassword(await dummyHash, password);
  return false;
}
