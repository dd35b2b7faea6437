import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane):
 * memory-hard, so guessing on stolen hashes costs memory, not only time.
 */
const ARGON2 = {
  // Algorithm.Argon2id (a const enum, which isolated modules cannot read).
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * One form of each password (NFKC, as NIST SP 800-63B asks): the same
 * characters typed on another keyboard or system give the same hash.
 */
const normalized = (password: string) => password.normalize('NFKC');

export function hashPassword(password: string): Promise<string> {
  return hash(normalized(password), ARGON2);
}

export async function verifyPassword(
  stored: string,
  password: string,
): Promise<boolean> {
  try {
    return await verify(stored, normalized(password));
  } catch {
    return false;
  }
}

// Verified when there is no account, so an unknown address takes as long
// to refuse as a wrong password (no enumeration by timing).
let decoy: Promise<string> | undefined;
/** Spends one verification's time and answers false. */
export async function verifyNothing(password: string): Promise<false> {
  decoy ??= hashPassword('not a password of anyone');
  await verifyPassword(await decoy, password);
  return false;
}

/** Whether the password matches one of the hashes (the policy's history). */
export async function isReused(
  password: string,
  hashes: string[],
): Promise<boolean> {
  const matches = await Promise.all(
    hashes.map(stored => verifyPassword(stored, password)),
  );
  return matches.some(Boolean);
}
