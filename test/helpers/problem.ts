/** Asserts the RFC 9457 shape every error response must have. */
import { expect } from 'vitest';


export function expectProblem(res: { status: number; headers: Record<string, unknown>; text: string }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text);
  expect(body).toMatchObject({
    type: `https://handover-exchange.dk/problems/${code}`,
    status,
    code,
  });
  expect(typeof body.title).toBe('string');
  expect(body.instance).toMatch(/^urn:request:/);
  expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/); // no stack traces
  return body as { type: string; title: string; status: number; instance: string; detail?: string; code: string; errors?: { pointer: string; keyword: string; message: string }[] };
}
