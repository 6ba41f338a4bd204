/**
 * Who may do what in the audit slice (API.md roles): the one map its routes read. The shell answers 403 to anyone else.
 */
import type { Role } from '../platform/tokens.js';

export const AUDIT_ROLES = {
  VerifyLedger: ['auditor'],
  LedgerDigest: ['auditor'],
  CheckDigest: ['auditor'],
  ExportLedger: ['auditor'],
  ProjectTimeline: ['auditor'],
} as const satisfies Record<string, readonly Role[]>;
