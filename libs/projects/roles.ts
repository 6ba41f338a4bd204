/**
 * Who may do what in the projects slice (API.md roles): the one map its routes and handlers read. The shell answers 403 to anyone else.
 */
import { ROLES, type Role } from '../platform/tokens.js';
import type { ProjectCommand } from './domain/commands.js';
import type { VoidableType } from './domain/events.js';

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
  /** The project ledger (台账) as a file. */
  ExportLedger: ROLES,
  RegisterPark: ['admin'],
  ListParks: ROLES,
  ListReferrers: ROLES,
} as const satisfies Record<string, readonly Role[]>;

/** The command that records each voidable fact: whoever may record a kind of fact may void it, nobody else. */
const RECORDED_BY: Record<VoidableType, ProjectCommand['type']> = {
  FundingArrived: 'RecordFunding',
  TaxPaid: 'RecordTax',
  FixedAssetsVerified: 'VerifyFixedAssets',
};

/** Whether `role` may void a fact of this type: an assessor any (DOMAIN.md), others only what they may record (a recorder not a verification). */
export function mayVoid(role: string, type: VoidableType): boolean {
  return role === 'assessor' || (PROJECT_ROLES[RECORDED_BY[type]] as readonly string[]).includes(role);
}
