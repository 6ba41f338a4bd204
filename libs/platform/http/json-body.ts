/**
 * JSON bodies: only an object or an array (an empty body is `{}`), UTF-8, and rules beyond the syntax,
 * applied while parsing (a reviver), so a violation is a 400 before anything else sees the body:
 * - a number too large for a double (`1e400`) would arrive as Infinity, which no field accepts and
 *   canonical JSON (the idempotency request hash) cannot encode;
 * - no body of the ledger nests more than a few levels; deeper input only exhausts the stacks of the
 *   recursive transformers and validators (a 500 instead of a 400).
 */
import { ProblemException, problem } from './problem.js';

export const MAX_JSON_DEPTH = 32;
export const NOT_FINITE = 'a number in the body is out of range';
export const TOO_DEEP = `the body nests deeper than ${MAX_JSON_DEPTH} levels`;

const depths = new WeakMap<object, number>();

/** JSON.parse calls a reviver bottom-up, so each object's depth follows from its children's. */
export function ledgerJsonReviver(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new SyntaxError(NOT_FINITE);
  if (typeof value === 'object' && value !== null) {
    let depth = 1;
    for (const child of Object.values(value)) {
      if (typeof child === 'object' && child !== null) depth = Math.max(depth, 1 + (depths.get(child) ?? 1));
    }
    if (depth > MAX_JSON_DEPTH) throw new SyntaxError(TOO_DEEP);
    depths.set(value, depth);
  }
  return value;
}

/** The body parser of the JSON media types: the parsed body, or the 400 (415 for another charset) to answer. */
export function parseLedgerJson(contentType: string | undefined, body: Buffer): unknown {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1].toLowerCase() ?? 'utf-8';
  if (charset !== 'utf-8' && charset !== 'utf8') throw new ProblemException(problem(415, `unsupported charset "${charset.toUpperCase()}"; send JSON as UTF-8`));
  if (body.length === 0) return {};
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  // Strict: a top-level string, number or literal is no body of the ledger.
  if (!/^[ \t\n\r]*[[{]/.test(text)) throw new ProblemException(problem(400, 'the body is not valid JSON'));
  try {
    return JSON.parse(text, ledgerJsonReviver);
  } catch (error) {
    const message = (error as Error).message;
    throw new ProblemException(problem(400, message === NOT_FINITE || message === TOO_DEEP ? message : 'the body is not valid JSON'));
  }
}
