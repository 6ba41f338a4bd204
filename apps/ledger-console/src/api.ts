/**
 * The console's only door to the ledger: the public /v1 API, called relative to the page (so a reverse proxy may
 * serve the console under a sub-path), with the signed-in person's bearer token. Errors arrive as problem+json.
 */
import { i18n } from './i18n.js';

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** A duplicate lead's 409 names the live project it collides with. */
  projectId?: string;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
}

const TOKEN_KEY = 'ledger.token';
let token: string | null = sessionStorage.getItem(TOKEN_KEY);
let onUnauthorized: () => void = () => undefined;

export function setToken(value: string | null): void {
  token = value;
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export const hasToken = (): boolean => token !== null;

/** Called when the ledger answers 401 to a signed-in person (the session ended): the app returns to sign-in. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | undefined | null>;

function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return `v1/${path}${text ? `?${text}` : ''}`;
}

async function send(method: string, path: string, body?: unknown, query?: Query): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Accept-Language': i18n.global.locale.value };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url(path, query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.ok) return res;
  const problem = await problemOf(res);
  if (res.status === 401 && token) onUnauthorized();
  throw new ApiError(problem);
}

async function problemOf(res: Response): Promise<Problem> {
  try {
    const body = (await res.json()) as Partial<Problem>;
    return { title: body.title ?? res.statusText, status: res.status, detail: body.detail ?? '', errors: body.errors, projectId: body.projectId };
  } catch {
    return { title: res.statusText, status: res.status, detail: '' };
  }
}

export async function get<T>(path: string, query?: Query): Promise<T> {
  return (await (await send('GET', path, undefined, query)).json()) as T;
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await send('POST', path, body);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export async function remove(path: string): Promise<void> {
  await send('DELETE', path);
}

/** Downloads a file answer (an Excel sheet, the audit export) under the name the ledger gives it. */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const res = await send('GET', path, undefined, query);
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
