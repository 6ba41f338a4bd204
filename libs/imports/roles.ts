/**
 * Who may do what in the imports slice (API.md roles): the one map its routes read. The shell answers 403 to anyone else.
 * Each imported row is then checked against the projects slice's map for the command it records.
 */
import { ROLES, type Role } from '../platform/tokens.js';

export const IMPORT_ROLES = {
  DownloadTemplate: ROLES,
  DryRun: ['recorder', 'assessor'],
  Commit: ['recorder', 'assessor'],
} as const satisfies Record<string, readonly Role[]>;
