/** Calls to the service from the browser: the session cookie goes along; every change carries the web application's header. */
export interface Problem {
  status: number;
  title: string;
  /** The stable problem type: pages say it in their own language (i18n `problem:<code>`). */
  code?: string;
  detail?: string;
  errors?: { pointer: string; keyword?: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'x-handover-web': '1', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({ status: res.status, title: res.statusText }))) as T & Problem;
  if (!res.ok) throw new ApiError(json);
  return json;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  delete: (path: string) => call<void>('DELETE', path),
};

export interface Session {
  organisationId: string;
  organisationName: string;
  organisationType: string;
  role: string;
  municipalityCode?: string;
  person?: { id: string; name: string };
}
