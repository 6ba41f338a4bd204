/**
 * Credentials: one sign-in's password verification (scrypt N=2^15: slow enough to cost a guesser,
 * fast enough for a person, target ≤ 500 ms) and session lookups by token hash (every request with
 * a session token does one, target ≥ 20,000/s).
 */
import { CredentialStore } from '../libs/accounts/credentials/credential-store.js';
import { hashPassword, verifyPassword } from '../libs/accounts/credentials/passwords.js';
import { newSessionToken } from '../libs/accounts/credentials/secrets.js';
import { inTempDir, perSecond, type Figure } from './support.js';

export async function credentialsBench(): Promise<Figure[]> {
  const stored = await hashPassword('correct horse battery staple');
  let t = performance.now();
  const verified = await verifyPassword('correct horse battery staple', stored);
  const verifyMs = performance.now() - t;
  if (!verified) throw new Error('the password did not verify');
  const lookupsPerSecond = await inTempDir(async (dir) => {
    const credentials = new CredentialStore(dir);
    const tokens = Array.from({ length: 1_000 }, (_, i) => {
      const token = newSessionToken();
      credentials.addSession(`s-${i}`, token, `person-${i}`, Date.now());
      return token;
    });
    const lookups = 20_000;
    t = performance.now();
    for (let i = 0; i < lookups; i++) if (!credentials.sessionByToken(tokens[i % tokens.length])) throw new Error('a session was lost');
    const rate = perSecond(lookups, performance.now() - t);
    credentials.close();
    return rate;
  });
  const section = 'accounts';
  return [
    { section, name: 'password verification (scrypt)', value: verifyMs, unit: 'ms', target: '<= 500 ms', met: verifyMs <= 500 },
    { section, name: 'session lookups by token hash', value: lookupsPerSecond, unit: 'lookups/s', target: '>= 20000/s', met: lookupsPerSecond >= 20_000 },
  ];
}
