/** Reading a JWS that was verified on receipt and stored as received: its serialization and payload. */

export type JwsSerialization = 'compact' | 'flattened';

/** The document a stored JWS carries (it was verified and validated on receipt, so no checks here). */
export function payloadOfStoredJws(jws: Buffer, serialization: JwsSerialization): Record<string, unknown> {
  const payloadB64 = serialization === 'compact' ? jws.toString('latin1').split('.')[1]! : String((JSON.parse(jws.toString('utf8')) as { payload: string }).payload);
  return JSON.parse(Buffer.from(payloadB64, 'base64url').toString('utf8')) as Record<string, unknown>;
}
