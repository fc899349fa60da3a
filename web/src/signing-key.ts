/**
 * The organisation's signing key in this browser: an ES256 key pair made by WebCrypto with a
 * non-extractable private key, kept in IndexedDB (a CryptoKey is stored as a handle the page can
 * use, never read), and JWS compact signing with it. The public key is enrolled by showing its
 * JWK and fingerprint; an administrator registers it.
 */
const DB = 'handover-signing';
const STORE = 'keys';

export interface BrowserKey {
  /** The key's id: its RFC 7638 JWK thumbprint, so the administrator can check it by eye. */
  kid: string;
  organisationId: string;
  publicJwk: JsonWebKey & { kid: string; alg: 'ES256'; use: 'sig' };
  privateKey: CryptoKey;
  createdAt: string;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'organisationId' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function inStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** The key this browser holds for the organisation, if any. */
export async function findKey(organisationId: string): Promise<BrowserKey | undefined> {
  return (await inStore('readonly', (s) => s.get(organisationId) as IDBRequest<BrowserKey | undefined>)) ?? undefined;
}

/** Makes a new key pair for the organisation (replacing this browser's earlier one) and keeps it. */
export async function generateKey(organisationId: string): Promise<BrowserKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const kid = await thumbprint(jwk);
  const key: BrowserKey = {
    kid,
    organisationId,
    publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, kid, alg: 'ES256', use: 'sig' },
    privateKey: pair.privateKey,
    createdAt: new Date().toISOString(),
  };
  await inStore('readwrite', (s) => s.put(key));
  return key;
}

export async function forgetKey(organisationId: string): Promise<void> {
  await inStore('readwrite', (s) => s.delete(organisationId));
}

/** RFC 7638's required members of each key type, in lexicographic order. */
const THUMBPRINT_MEMBERS: Record<string, (keyof JsonWebKey)[]> = { EC: ['crv', 'kty', 'x', 'y'], RSA: ['e', 'kty', 'n'], OKP: ['crv', 'kty', 'x'] };

/** RFC 7638: SHA-256 over the required members in lexicographic order, base64url (the key's id here, and the fingerprint the service keeps). */
async function thumbprint(jwk: JsonWebKey): Promise<string> {
  const members = THUMBPRINT_MEMBERS[jwk.kty ?? ''];
  if (!members || members.some((m) => typeof jwk[m] !== 'string')) throw new Error('not a public key the service takes');
  const canonical = JSON.stringify(Object.fromEntries(members.map((m) => [m, jwk[m]])));
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical))));
}

/** The fingerprint of a pasted public key, grouped as the sender's key page shows it; undefined when it is no key of a type the service takes. */
export async function fingerprintOfJwk(jwk: unknown): Promise<string | undefined> {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return undefined;
  try {
    return fingerprintGroups(await thumbprint(jwk as JsonWebKey));
  } catch {
    return undefined;
  }
}

/** The fingerprint in groups of four, as an administrator reads it aloud. */
export function fingerprintGroups(kid: string): string {
  return kid.match(/.{1,4}/g)!.join(' ');
}

/** A JWS in compact serialization over the exact payload bytes; ES256's signature is WebCrypto's raw r||s. */
export async function signCompact(key: BrowserKey, payload: Uint8Array, typ: string): Promise<string> {
  const header = base64url(new TextEncoder().encode(JSON.stringify({ alg: 'ES256', kid: key.kid, typ })));
  const input = `${header}.${base64url(payload)}`;
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, new TextEncoder().encode(input));
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

export async function sha256Hex(data: ArrayBuffer): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', data))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
