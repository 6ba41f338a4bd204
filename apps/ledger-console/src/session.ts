/** Who is signed in (GET /v1/me) and what the console offers them; the ledger itself enforces every rule. */
import { computed, reactive } from 'vue';
import { get, post, remove, setToken, hasToken } from './api.js';

export type Role = 'admin' | 'recorder' | 'assessor' | 'finance' | 'auditor' | 'supervisor';

export interface Me {
  actor: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  accountId: string | null;
}

interface SessionAnswer {
  token: string;
  expiresAt: string;
}

export const session = reactive<{ me: Me | null }>({ me: null });

export const role = computed<Role | null>(() => session.me?.role ?? null);

/** Which screens each role reads (docs/security.md): a screen a role cannot read is not offered. */
const SCREENS: Record<string, readonly Role[]> = {
  dashboard: ['admin', 'recorder', 'assessor', 'finance', 'auditor', 'supervisor'],
  projects: ['admin', 'recorder', 'assessor', 'finance', 'auditor', 'supervisor'],
  finance: ['finance', 'auditor', 'supervisor'],
  townships: ['admin', 'assessor', 'auditor', 'supervisor'],
  assessment: ['admin', 'assessor', 'auditor', 'supervisor'],
  audit: ['auditor'],
  setup: ['admin'],
};

export const mayOpen = (screen: string): boolean => role.value !== null && (SCREENS[screen] ?? []).includes(role.value);
export const isRole = (...roles: Role[]): boolean => role.value !== null && roles.includes(role.value);

export async function loadMe(): Promise<Me | null> {
  if (!hasToken()) return null;
  session.me = await get<Me>('me');
  return session.me;
}

/** How this tab signed in: a session (ended on the ledger at sign-out) or a pasted token (only forgotten here). */
const KIND_KEY = 'ledger.signedInWith';

export async function signIn(login: string, password: string): Promise<Me | null> {
  const answer = await post<SessionAnswer>('sessions', { login, password });
  setToken(answer.token);
  sessionStorage.setItem(KIND_KEY, 'session');
  return loadMe();
}

/** A new person's first password, set with the setup code an administrator handed them; then they are signed in. */
export async function setPassword(login: string, setupCode: string, password: string): Promise<Me | null> {
  await post<void>('accounts/password', { login, setupCode, password });
  return signIn(login, password);
}

/** A machine token from the tokens file, pasted: the ledger says whom it stands for. */
export async function signInWithToken(token: string): Promise<Me | null> {
  setToken(token.trim());
  sessionStorage.setItem(KIND_KEY, 'token');
  try {
    return await loadMe();
  } catch (error) {
    setToken(null);
    throw error;
  }
}

export async function signOut(): Promise<void> {
  // A session ends on the ledger; a pasted token stays valid and is only forgotten by this tab.
  if (sessionStorage.getItem(KIND_KEY) === 'session') await remove('sessions/current').catch(() => undefined);
  forget();
}

export function forget(): void {
  setToken(null);
  sessionStorage.removeItem(KIND_KEY);
  session.me = null;
}
