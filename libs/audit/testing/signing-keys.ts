/** Signing keys for checkpoint tests: PEM files as an operator would keep them (outside the data directory). */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignatureAlgorithm } from '../domain/checkpoint.js';

export interface KeyFiles {
  privateKey: string;
  publicKey: string;
}

/** Writes a fresh key pair into `dir`: `<name>.pem` (PKCS#8) and `<name>.pub.pem` (SPKI). */
export function writeKeyPair(dir: string, algorithm: SignatureAlgorithm, name: string = algorithm): KeyFiles {
  const { privateKey, publicKey } = algorithm === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'SM2' });
  const files = { privateKey: join(dir, `${name}.pem`), publicKey: join(dir, `${name}.pub.pem`) };
  writeFileSync(files.privateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(files.publicKey, publicKey.export({ type: 'spki', format: 'pem' }));
  return files;
}
