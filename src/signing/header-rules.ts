/** The protected-header rules, checked before any key is looked up (cheap checks first). */
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../domain/organisations.js';
import { jwsAlgNotAllowed, jwsCritUnsupported, jwsEmbeddedKey, jwsHeaderInvalid, jwsTypInvalid } from '../errors.js';

/** Header members that carry or point to a key: the key must come only from our registry. */
const KEY_CARRYING = ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256'];
/** Time claims are refused, not enforced (docs/api.md, "Submitting a handover"). */
const TIME_CLAIMS = ['exp', 'nbf', 'iat'];
const KID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface CheckedHeader {
  alg: SigningAlgorithm;
  kid: string;
  typ: string;
}

export function checkProtectedHeader(header: Record<string, unknown>, expectedTyp: string): CheckedHeader {
  const alg = header.alg;
  // Exact match against the allow-list: "none" in any letter case, HS256 and the rest all fail here.
  if (typeof alg !== 'string' || !(SIGNING_ALGORITHMS as readonly string[]).includes(alg)) throw jwsAlgNotAllowed(alg);
  for (const member of KEY_CARRYING) if (member in header) throw jwsEmbeddedKey(member);
  if (typeof header.kid !== 'string' || !KID.test(header.kid)) throw jwsHeaderInvalid('kid', 'kid must be a string of 1-128 letters, digits and ._:-');
  if (typeof header.typ !== 'string') throw jwsHeaderInvalid('typ', `typ is required ("${expectedTyp}")`);
  if (header.typ !== expectedTyp) throw jwsTypInvalid(expectedTyp);
  // A handover is evidence read years later: a signature that "expires" would stop verifying.
  // The trusted time is the receipt's receivedAt, and a key's validity is judged at it.
  for (const claim of TIME_CLAIMS) {
    if (claim in header) throw jwsHeaderInvalid(claim, `${claim} is not supported in the protected header; the time of receipt is the receipt's receivedAt`);
  }
  // We implement no JWS extensions, so any crit (and b64: false, which needs crit) is refused.
  if ('crit' in header || 'b64' in header) throw jwsCritUnsupported();
  return { alg: alg as SigningAlgorithm, kid: header.kid, typ: header.typ };
}
