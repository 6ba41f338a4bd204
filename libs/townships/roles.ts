/**
 * Who may do what in the townships slice (API.md roles): the one map its routes read. The shell answers 403 to anyone else.
 */
import type { Role } from '../platform/tokens.js';

const READERS = ['supervisor', 'auditor', 'assessor', 'admin'] as const;

export const TOWNSHIP_ROLES = {
  AppointOfficial: ['admin'],
  RecordDeparture: ['admin'],
  SetAnnualTarget: ['assessor'],
  CloseYear: ['assessor'],
  GetTownship: READERS,
  ListOfficials: READERS,
  GetEligibility: READERS,
  ListPromotionBans: READERS,
  ExportPromotionBans: ['supervisor', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;
