// Calls to the staff API with the bearer token kept for this browser tab only (sessionStorage).
const KEY = 'staffToken';

export const getToken = () => window.sessionStorage.getItem(KEY);
export const setToken = (token) => window.sessionStorage.setItem(KEY, token);
export const clearToken = () => window.sessionStorage.removeItem(KEY);

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.fields = body?.error?.fields ?? [];
  }
}

let onUnauthorized = () => {};
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

export async function request(method, path, body, token = getToken()) {
  const res = await fetch(`/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token ?? ''}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    if (res.status === 401 && token === getToken()) onUnauthorized();
    throw new ApiError(res.status, json);
  }
  return json;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body ?? {});
export const patch = (path, body) => request('PATCH', path, body);

/** Lists come as an array or as { items }: accept both. */
export const itemsOf = (r) => (Array.isArray(r) ? r : (r?.items ?? []));

/** Downloads a file from the API (the token is a header, so a plain link would not do). */
export async function download(path, filename) {
  const res = await fetch(`/api${path}`, { headers: { authorization: `Bearer ${getToken() ?? ''}` } });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => undefined));
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
