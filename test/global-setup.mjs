/** Jest's global set-up: the web console is built (or found up to date) once, before any test file runs. */
export { buildConsole as default } from '../scripts/build-console.mjs';
