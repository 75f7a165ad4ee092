import { createHash } from "node:crypto";
import { createMessage, type PublicKey, readKeys, readSignature, verify } from "openpgp";

/**
 * Integrity of a distributed CSAF document (CSAF 2.0, requirements 18 and 19): the `.sha256` / `.sha512`
 * files beside it and the detached OpenPGP signature `.asc`. Hashes and signatures are checked over the bytes
 * as read, before any decoding, because that is what the provider hashed and signed.
 */

export type HashAlgorithm = "sha256" | "sha512";
export type HashStatus = "ok" | "mismatch" | "absent";
export type SignatureStatus = "ok" | "bad" | "unsigned" | "no-key";

export interface Integrity {
  readonly sha256?: HashStatus;
  readonly sha512?: HashStatus;
  readonly signature?: SignatureStatus;
}

const hexLength: Record<HashAlgorithm, number> = { sha256: 64, sha512: 128 };

/** The algorithm of a hash file by its name's suffix, as the standard names them. */
export function hashAlgorithmOf(name: string): HashAlgorithm | undefined {
  const match = /\.(sha256|sha512)$/i.exec(name);
  return match ? (match[1]?.toLowerCase() as HashAlgorithm) : undefined;
}

export type HashCheck =
  | { status: "ok" }
  | { status: "mismatch"; reason: "malformed" | "different"; expected?: string };

/**
 * A hash file holds the hex digest, optionally followed by the file name as `sha512sum` writes it. The name
 * is not compared: providers write it with and without folders, and the digest alone is what binds.
 */
export function checkHash(bytes: Uint8Array, algorithm: HashAlgorithm, hashFileText: string): HashCheck {
  const expected = hashFileText.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  if (!new RegExp(`^[0-9a-f]{${hexLength[algorithm]}}$`).test(expected))
    return { status: "mismatch", reason: "malformed" };
  const actual = createHash(algorithm).update(bytes).digest("hex");
  return actual === expected ? { status: "ok" } : { status: "mismatch", reason: "different", expected };
}

export interface KeyProblem {
  readonly index: number;
  readonly message: string;
}

/** Armored public keys (a text may hold several); each unreadable text is a problem, not an exception. */
export async function readPublicKeys(
  armored: readonly string[],
): Promise<{ keys: PublicKey[]; problems: KeyProblem[] }> {
  const keys: PublicKey[] = [];
  const problems: KeyProblem[] = [];
  for (const [index, text] of armored.entries()) {
    try {
      for (const key of await readKeys({ armoredKeys: text })) {
        // A private key block carries the public key; only the public half is ever used or kept.
        keys.push(key.isPrivate() ? key.toPublic() : (key as PublicKey));
      }
    } catch (error) {
      problems.push({ index, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { keys, problems };
}

/** Uppercase hex without spaces: fingerprints are written both ways in provider metadata. */
export function normaliseFingerprint(fingerprint: string): string {
  return fingerprint.replace(/\s+/g, "").toUpperCase();
}

export type SignatureCheck =
  | { status: "ok"; fingerprint: string }
  | { status: "bad"; reason: string }
  | { status: "no-key"; keyIds: string[] };

/**
 * A detached signature over `bytes`. "no-key" when no configured key made it (so nothing can be said), "bad"
 * when a configured key made it and it does not verify, or when the signature itself is unreadable.
 * `date` is the time keys are judged at (expiry, revocation); the caller owns the clock.
 */
export async function checkSignature(
  bytes: Uint8Array,
  armoredSignature: string,
  keys: readonly PublicKey[],
  date: Date,
): Promise<SignatureCheck> {
  let signature: Awaited<ReturnType<typeof readSignature>>;
  try {
    signature = await readSignature({ armoredSignature });
  } catch (error) {
    return {
      status: "bad",
      reason: `unreadable signature: ${error instanceof Error ? error.message : error}`,
    };
  }
  const keyIds = signature.getSigningKeyIDs();
  const signers = keys.filter((key) => keyIds.some((id) => key.getKeys(id).length > 0));
  if (signers.length === 0) return { status: "no-key", keyIds: keyIds.map((id) => id.toHex().toUpperCase()) };
  const message = await createMessage({ binary: bytes });
  let failure = "no signature verified";
  try {
    const result = await verify({ message, signature, verificationKeys: signers, format: "binary", date });
    for (const outcome of result.signatures) {
      try {
        await outcome.verified;
        const signer = signers.find((key) => key.getKeys(outcome.keyID).length > 0);
        return { status: "ok", fingerprint: signer ? normaliseFingerprint(signer.getFingerprint()) : "" };
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
    }
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  return { status: "bad", reason: failure };
}
