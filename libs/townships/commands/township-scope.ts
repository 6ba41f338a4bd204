import { NotFound, RuleViolation } from '../../kernel/index.js';
import type { ReadDb } from '../../projector/index.js';
import { unitKind } from '../read-model/townships.queries.js';

/** Township writes need a registered township: an unknown unit is 404, a county or department 422. */
export function assertTownship(db: ReadDb, unitId: string): void {
  const kind = unitKind(db, unitId);
  if (kind === null) throw new NotFound(`no unit ${unitId}`);
  if (kind !== 'township') throw new RuleViolation('townships-only', `${unitId} is a ${kind}; targets, closings and officials belong to townships`);
}
