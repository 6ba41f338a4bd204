/**
 * The project stream's events (DOMAIN.md "A project's life"), as a discriminated union on `type`.
 * Every amount is a MoneyFact: the amount as recorded plus its CNY value frozen at recording time,
 * so later readers never recompute a conversion.
 */
import { narrow } from '../../event-store/narrow.js';

export const SECTORS = ['primary', 'secondary', 'tertiary', 'real_estate'] as const;
export type Sector = (typeof SECTORS)[number];
export const ORIGINS = ['domestic', 'foreign'] as const;
export type Origin = (typeof ORIGINS)[number];
export const SIGNING_KINDS = ['intent', 'contract'] as const;
export type SigningKind = (typeof SIGNING_KINDS)[number];
export const REFERRER_KINDS = ['person', 'organization'] as const;
export type ReferrerKind = (typeof REFERRER_KINDS)[number];

export interface MoneyFact {
  amount: string;
  currency: string;
  /** CNY per unit of `currency`; absent for CNY. */
  cnyRate?: string;
  /** CNY value, half-up to the fen. */
  cny: string;
}

export interface Referrer {
  referrerId: string;
  name: string;
  kind: ReferrerKind;
}

export type ProjectEvent =
  | {
      type: 'LeadRegistered';
      data: {
        projectId: string;
        name: string;
        investor: string;
        /** The investor's unified social credit code (GB 32100-2015); absent when not given (and on leads recorded before it existed). */
        creditCode?: string;
        origin: Origin;
        sector: Sector;
        plannedInvestment: MoneyFact;
        unitId: string;
        parkId: string | null;
        referrer: Referrer | null;
        leadOn: string;
        /** Set when an assessor registered it although a live project has the same investor and name. */
        distinctFrom: string | null;
      };
    }
  | { type: 'ProjectSigned'; data: { kind: SigningKind; committedInvestment: MoneyFact; signedOn: string } }
  | { type: 'FundingArrived'; data: { amount: MoneyFact; bankReference: string; arrivedOn: string } }
  | { type: 'GroundBroken'; data: { brokeGroundOn: string } }
  | { type: 'ProjectCompleted'; data: { completedOn: string } }
  | { type: 'ProductionStarted'; data: { startedOn: string } }
  | { type: 'TaxPaid'; data: { amount: MoneyFact; taxMonth: string; paymentReference: string; paidOn: string } }
  | {
      type: 'FixedAssetsVerified';
      /** All in CNY; `total` is their sum. */
      data: { plant: MoneyFact; equipment: MoneyFact; land: MoneyFact; total: MoneyFact; inspectedOn: string; inspector: string };
    }
  | { type: 'CreditReassigned'; data: { fromUnitId: string; unitId: string; reason: string; on: string } }
  | { type: 'ReferrerAssigned'; data: { referrer: Referrer; assignedOn: string } }
  | { type: 'FactVoided'; data: { voidedEventId: string; voidedType: VoidableType; reason: string; on: string } }
  | { type: 'ProjectAbandoned'; data: { reason: string; abandonedOn: string } };

export type ProjectEventType = ProjectEvent['type'];
export const VOIDABLE_TYPES = ['FundingArrived', 'TaxPaid', 'FixedAssetsVerified'] as const;
export type VoidableType = (typeof VOIDABLE_TYPES)[number];

export const PROJECT_EVENT_TYPES: readonly ProjectEventType[] = [
  'LeadRegistered',
  'ProjectSigned',
  'FundingArrived',
  'GroundBroken',
  'ProjectCompleted',
  'ProductionStarted',
  'TaxPaid',
  'FixedAssetsVerified',
  'CreditReassigned',
  'ReferrerAssigned',
  'FactVoided',
  'ProjectAbandoned',
];

/** A stored event of a project stream, typed as its ProjectEvent. */
export const isProjectEvent = narrow<ProjectEvent>(PROJECT_EVENT_TYPES);

export function projectStreamId(projectId: string): string {
  return `project-${projectId}`;
}

export const PROJECT_STREAM_PREFIX = 'project-';

/** The business date each event is recorded under (its `occurredOn`). */
export function businessDateOf(event: ProjectEvent): string {
  switch (event.type) {
    case 'LeadRegistered':
      return event.data.leadOn;
    case 'ProjectSigned':
      return event.data.signedOn;
    case 'FundingArrived':
      return event.data.arrivedOn;
    case 'GroundBroken':
      return event.data.brokeGroundOn;
    case 'ProjectCompleted':
      return event.data.completedOn;
    case 'ProductionStarted':
      return event.data.startedOn;
    case 'TaxPaid':
      return event.data.paidOn;
    case 'FixedAssetsVerified':
      return event.data.inspectedOn;
    case 'CreditReassigned':
    case 'FactVoided':
      return event.data.on;
    case 'ReferrerAssigned':
      return event.data.assignedOn;
    case 'ProjectAbandoned':
      return event.data.abandonedOn;
  }
}
