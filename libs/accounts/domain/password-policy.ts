/**
 * The password policy (docs/accounts.md): 10 to 200 characters, not the login, not one character
 * repeated. Long passphrases are the point; no composition rules (NIST SP 800-63B).
 */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, login: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `a password has at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `a password has at most ${PASSWORD_MAX} characters`;
  if (password.toLowerCase().includes(login.toLowerCase())) return 'a password may not contain the login';
  if (new Set(password).size < 3) return 'a password needs at least three different characters';
  return null;
}
