/** The built web console for tests: scripts/build-console.mjs builds it when its sources changed, else does nothing. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export function buildConsole(): void {
  execFileSync(process.execPath, [join(process.cwd(), 'scripts', 'build-console.mjs')], { stdio: 'pipe' });
}
