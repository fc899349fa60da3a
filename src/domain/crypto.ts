/**
 * The crypto primitives the service uses outside JOSE (which is signing/'s): SHA-256, random
 * tokens and ids, and constant-time comparison. One module, so what the service relies on is
 * reviewed in one place (`node:crypto` is imported nowhere else; .dependency-cruiser.cjs).
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual, type Hash } from 'node:crypto';

/** SHA-256 of bytes or UTF-8 text, as lowercase hex. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 as base64url (ETags). */
export function sha256Base64url(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('base64url');
}

/** An incremental SHA-256 (files hashed while they stream). */
export function sha256Hasher(): Hash {
  return createHash('sha256');
}

/** `bytes` random bytes from the OS CSPRNG, base64url (ids and secrets no one can guess from another). */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** `bytes` random bytes, as hex. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A random RFC 4122 version 4 UUID. */
export function randomUuid(): string {
  return randomUUID();
}

/** Equal in constant time (for secrets' hashes): false for different lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Makes the ids the service hands out; injected (deps.ts) so tests can make them predictable. */
export interface IdGenerator {
  /** A new id with a readable prefix and `bytes` of randomness, e.g. "rcpt_…". */
  next(prefix: string, bytes?: number): string;
}

export const randomIds: IdGenerator = { next: (prefix, bytes = 16) => `${prefix}_${randomToken(bytes)}` };
