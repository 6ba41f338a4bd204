/** The ledger's roles (API.md "Roles"): shared vocabulary of the tokens file, accounts and every route. */
export const ROLES = ['admin', 'recorder', 'assessor', 'finance', 'auditor', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];
