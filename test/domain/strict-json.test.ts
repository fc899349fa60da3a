import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseStrictJson, parseStrictJsonText } from '../../src/domain/strict-json.js';
import { AppError } from '../../src/errors.js';

const fail = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a rejection');
};

describe('parseStrictJson', () => {
  it('parses ordinary JSON, non-Latin scripts included', () => {
    expect(parseStrictJson(Buffer.from('{"name":"ሰላም ተስፋይ","n":[1,2]}'))).toEqual({ name: 'ሰላም ተስፋይ', n: [1, 2] });
  });
  it('rejects invalid UTF-8 instead of replacing it', () => {
    expect(fail(() => parseStrictJson(Buffer.from([0x22, 0xc3, 0x28, 0x22]))).code).toBe('malformed-json');
  });
  it('rejects lone surrogates, with the pointer', () => {
    const err = fail(() => parseStrictJsonText('{"a":{"b":"\\ud800"}}'));
    expect(err.errors).toEqual([{ pointer: '/a/b', keyword: 'wellFormed', message: 'string contains a lone surrogate' }]);
  });
  it('rejects trailing bytes after the document', () => {
    expect(fail(() => parseStrictJsonText('{"a":1} x')).code).toBe('malformed-json');
  });
  it.each(['__proto__', 'constructor', 'prototype'])('rejects %s as a key at any depth and leaves prototypes alone', (key) => {
    const err = fail(() => parseStrictJsonText(`{"x":[{"${key}":{"polluted":1}}]}`));
    expect(err.code).toBe('forbidden-json-key');
    expect(err.errors![0]!.pointer).toBe(`/x/0/${key}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('rejects nesting deeper than the limit quickly, without recursion', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const err = fail(() => parseStrictJsonText(deep));
    expect(err.code).toBe('json-too-deep');
    expect(err.errors![0]!.pointer.split('/').length - 1).toBe(MAX_JSON_DEPTH);
  });
  it('never quotes the input in its message', () => {
    const err = fail(() => parseStrictJsonText('{"diagnosis": "F43.1" oops}'));
    expect(err.detail).not.toContain('F43');
  });
});
