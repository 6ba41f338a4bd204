import type { Money } from '../../kernel/index.js';
import type { Origin, Referrer, Sector, SigningKind } from './events.js';

/** A money amount as a client sends it: a non-CNY amount carries the CNY rate of that day. */
export interface MoneyInput extends Money {
  cnyRate?: string;
}

export type ProjectCommand =
  | {
      type: 'RegisterLead';
      name: string;
      investor: string;
      creditCode?: string;
      origin: Origin;
      sector: Sector;
      plannedInvestment: MoneyInput;
      unitId: string;
      parkId?: string;
      referrer?: Referrer;
      leadOn: string;
      distinctFrom?: string;
      /** The new project's id, chosen by the shell. */
      projectId: string;
      /** The role of whoever registers it (only an assessor may mark a lead distinct from a live project). */
      registeredBy: string;
    }
  | { type: 'Sign'; kind: SigningKind; committedInvestment: MoneyInput; signedOn: string }
  | { type: 'RecordFunding'; amount: MoneyInput; bankReference: string; arrivedOn: string }
  | { type: 'BreakGround'; brokeGroundOn: string }
  | { type: 'Complete'; completedOn: string }
  | { type: 'StartProduction'; startedOn: string }
  | { type: 'RecordTax'; amount: MoneyInput; taxMonth: string; paymentReference: string; paidOn: string }
  | { type: 'VerifyFixedAssets'; plant: MoneyInput; equipment: MoneyInput; land: MoneyInput; inspectedOn: string; inspector: string }
  | { type: 'ReassignCredit'; unitId: string; reason: string; on: string }
  | { type: 'AssignReferrer'; referrer: Referrer; assignedOn: string }
  | { type: 'VoidFact'; eventId: string; reason: string; on: string }
  | { type: 'Abandon'; reason: string; abandonedOn: string };

export type ProjectCommandType = ProjectCommand['type'];

/** A lead as a client sends it: the shell adds the new project's id and the registering role. */
export type LeadRequest = Omit<Extract<ProjectCommand, { type: 'RegisterLead' }>, 'projectId' | 'registeredBy'>;
