/**
 * Parses untrusted JSON strictly, so that every reader reads it one way: valid UTF-8 only, no
 * lone surrogates, no prototype keys, bounded nesting, no member name twice in one object, and
 * numbers only in their one canonical form. Used for request bodies and signed payloads alike.
 */
import { parse as parseJsonTree, type AnyNode } from '@humanwhocodes/momoa';
import { ambiguousJsonNumber, duplicateJsonMember, forbiddenJsonKey, jsonTooDeep, malformedJson } from '../errors.js';

/** Keys that could reach an object's prototype chain in careless code downstream. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any of our schemas allows; stops a stack-hungry walk long before it hurts. */
export const MAX_JSON_DEPTH = 32;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Escapes a key for use as one JSON Pointer reference token (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The problem for nesting deeper than MAX_JSON_DEPTH, at the pointer where it went too deep. */
export const tooDeep = (pointer: string) => jsonTooDeep(pointer, MAX_JSON_DEPTH);

/** Decodes bytes as UTF-8, rejecting invalid sequences instead of replacing them with U+FFFD. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw malformedJson('the body is not valid UTF-8');
  }
}

/** Walks the parsed value iteratively (no recursion, so depth cannot blow the stack). */
function checkTree(root: unknown): void {
  const stack: { value: unknown; pointer: string; depth: number }[] = [{ value: root, pointer: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, pointer, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (!value.isWellFormed()) {
        throw malformedJson('a string contains a lone UTF-16 surrogate', [
          { pointer, keyword: 'wellFormed', message: 'string contains a lone surrogate' },
        ]);
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw tooDeep(pointer);
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, pointer: `${pointer}/${i}`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const childPointer = `${pointer}/${escapePointerToken(key)}`;
      if (FORBIDDEN_KEYS.has(key)) throw forbiddenJsonKey(childPointer, key);
      if (!key.isWellFormed()) {
        throw malformedJson('a key contains a lone UTF-16 surrogate', [
          { pointer: childPointer, keyword: 'wellFormed', message: 'key contains a lone surrogate' },
        ]);
      }
      stack.push({ value: (value as Record<string, unknown>)[key], pointer: childPointer, depth: depth + 1 });
    }
  }
}

/**
 * The one written form of a number that every JSON reader turns into the same value: the text
 * ECMAScript (and RFC 8785) writes for it, no exponent, integers within +-(2^53 - 1). This
 * refuses "-0", "1.0", "1e3", "0.10" and 9007199254740993, which readers read differently (or
 * which could be written two ways for one signed meaning).
 */
export function isCanonicalJsonNumber(raw: string): boolean {
  const value = Number(raw);
  if (!Number.isFinite(value) || String(value) !== raw || /e/i.test(raw)) return false;
  return !Number.isInteger(value) || Number.isSafeInteger(value);
}

/**
 * Walks the syntax tree for what JSON.parse hides: the second of two equal member names (it
 * silently keeps the last, other parsers the first) and a number's text as written. Runs only
 * after checkTree bounded the depth, so the tree is shallow.
 */
function checkMembersAndNumbers(text: string): void {
  const stack: { node: AnyNode; pointer: string }[] = [{ node: parseJsonTree(text).body, pointer: '' }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    if (node.type === 'Number') {
      const raw = text.slice(node.loc.start.offset, node.loc.end.offset);
      if (!isCanonicalJsonNumber(raw)) throw ambiguousJsonNumber(pointer);
    } else if (node.type === 'Array') {
      node.elements.forEach((element, i) => stack.push({ node: element.value, pointer: `${pointer}/${i}` }));
    } else if (node.type === 'Object') {
      const names = new Set<string>();
      for (const member of node.members) {
        const name = member.name.type === 'String' ? member.name.value : member.name.name;
        const childPointer = `${pointer}/${escapePointerToken(name)}`;
        if (names.has(name)) throw duplicateJsonMember(childPointer);
        names.add(name);
        stack.push({ node: member.value, pointer: childPointer });
      }
    }
  }
}

/**
 * Parses JSON text strictly. JSON.parse (fast, and not recursive, so it survives any nesting)
 * decides syntax and yields the value; JSON.parse stores a "__proto__" key as an own property
 * (it does not set the prototype), so the walk afterwards can still see and reject it.
 */
export function parseStrictJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // V8's message may quote the input; report only the position, never the content.
    const position = /position (\d+)/.exec((err as Error).message)?.[1];
    throw malformedJson(position ? `syntax error at character ${position}` : 'syntax error');
  }
  checkTree(value);
  checkMembersAndNumbers(text);
  return value;
}

/** Parses UTF-8 JSON bytes strictly (see parseStrictJsonText); invalid UTF-8 is malformed-json, never replaced. */
export function parseStrictJson(bytes: Uint8Array): unknown {
  return parseStrictJsonText(decodeUtf8Strict(bytes));
}
