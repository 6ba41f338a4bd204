/**
 * Who may do what in the assessment slice (API.md roles): the one map its routes read. The shell answers 403 to anyone else.
 */
import type { Role } from '../platform/tokens.js';

const READERS = ['supervisor', 'assessor', 'auditor', 'admin'] as const;

export const ASSESSMENT_ROLES = {
  IssueAssessmentPolicy: ['admin'],
  GetAssessment: READERS,
  ExportAssessment: READERS,
  GetRates: READERS,
  GetStalled: READERS,
  ExportStalled: READERS,
  ListAssessmentPolicies: READERS,
  GetProgress: READERS,
  ExportProgress: READERS,
} as const satisfies Record<string, readonly Role[]>;
