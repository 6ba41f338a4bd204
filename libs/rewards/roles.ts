/**
 * Who may do what in the rewards slice (API.md roles): the one map its routes read. The shell answers 403 to anyone else.
 */
import type { Role } from '../platform/tokens.js';

const READERS = ['finance', 'auditor', 'supervisor'] as const;

export const REWARD_ROLES = {
  IssueRewardPolicy: ['admin'],
  RepealRewardPolicy: ['admin'],
  RecordPayout: ['finance'],
  GetStatement: READERS,
  GetPeriodStatements: READERS,
  ExportStatements: READERS,
  ExportStatement: READERS,
  ListRewardPolicies: ['admin', 'finance', 'auditor', 'supervisor'],
} as const satisfies Record<string, readonly Role[]>;
