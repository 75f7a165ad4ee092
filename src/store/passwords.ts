import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with scrypt from Node's own crypto (no native add-on to build). The default cost is
 * one of OWASP's recommended scrypt settings (N=2^15, r=8, p=3: 32 MiB, ~100 ms here); each hash records
 * its parameters, so raising the cost later still verifies old hashes.
 */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const defaultCost: ScryptCost = { N: 2 ** 15, r: 8, p: 3 };
/** For tests only: fast, and still the same code path. */
export const testCost: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

const keyLength = 32;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFC"),
      salt,
      keyLength,
      { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string, cost: ScryptCost = defaultCost): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Rules a new password must meet (NIST SP 800-63B: length over composition rules). */
export function passwordProblem(
  password: string,
  username: string,
): "too-short" | "too-long" | "same-as-username" | undefined {
  if ([...password].length < 12) return "too-short";
  if (password.length > 1024) return "too-long";
  if (password.toLowerCase() === username.toLowerCase()) return "same-as-username";
  return undefined;
}
