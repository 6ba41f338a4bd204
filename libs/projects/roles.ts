/**
 * Who may do what in the projects slice (API.md roles): the one map its routes and handlers read. The shell answers 403 to anyone else.
 */
import { ROLES, type Role } from '../platform/tokens.js';

export const PROJECT_ROLES = {
  RegisterLead: ['recorder', 'assessor'],
  Sign: ['recorder'],
  RecordFunding: ['recorder'],
  BreakGround: ['recorder'],
  Complete: ['recorder'],
  StartProduction: ['recorder'],
  RecordTax: ['recorder'],
  VerifyFixedAssets: ['assessor'],
  ReassignCredit: ['assessor'],
  AssignReferrer: ['assessor'],
  VoidFact: ['recorder', 'assessor'],
  Abandon: ['recorder'],
  ListProjects: ROLES,
  GetProject: ROLES,
  /** A project as the ledger knew it at an instant (`asOf`), and its raw events. */
  ReplayProject: ['auditor'],
  RegisterUnit: ['admin'],
  ListUnits: ROLES,
} as const satisfies Record<string, readonly Role[]>;
