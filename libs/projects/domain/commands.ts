import type { Money } from '../../kernel/index.js';
import type { Origin, Referrer, Sector, SigningKind } from './events.js';

/** A money amount as a client sends it: a non-CNY amount carries the CNY rate of that day. */
export interface MoneyInput extends Money {
  cnyRate?: string;
}

/** What the ledger knows about the caller and the day, handed to the pure decider. */
export interface DecisionContext {
  role: string;
  /** The ledger's local calendar day (LEDGER_TIMEZONE). */
  today: string;
  /** The id the shell generated for the event being decided, when it needs one. */
  newProjectId?: string;
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
