import { NotFound, RuleViolation } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import type { Principal } from '../../platform/tokens.js';
import { assertInScope } from '../../projects/index.js';
import { unitKind } from '../read-model/townships.queries.js';

/**
 * Township writes need a registered township (an unknown unit is 404, a county or department 422),
 * and a principal scoped to a unit may write only for townships within it (403), like a recorder on projects.
 */
export function assertTownship(db: ReadDb, unitId: string, principal: Principal): void {
  const kind = unitKind(db, unitId);
  if (kind === null) throw new NotFound(`no unit ${unitId}`);
  if (kind !== 'township') throw new RuleViolation('townships-only', `${unitId} is a ${kind}; targets, closings and officials belong to townships`);
  assertInScope(db, principal, unitId);
}
