/**
 * Assessment policies (DOMAIN.md "Unit assessment"): each is one event in its own stream. A policy never
 * changes; a new one with a later (or the same) effective date supersedes it for the periods it covers.
 */
import { narrow } from '../../event-store/narrow.js';
import { RuleViolation, fromFen, isAmount, isLocalDate, toFen, type Decider, type LocalDate } from '../../kernel/index.js';
import { type Sector, SECTORS } from '../../projects/domain/index.js';

/** What a policy decides about counting, without its identity. */
export interface CountingRules {
  /** CNY decimal string; a project whose investment is below it counts 0. */
  minimumProjectCny: string;
  fixedAssetSectors: Sector[];
  realEstateTaxMultiplier: number;
  /** When true, sectors neither counted by fixed assets nor real estate count by CNY funding arrived. */
  otherSectorsCount: boolean;
}

export interface AssessmentPolicy extends CountingRules {
  policyId: string;
  effectiveFrom: LocalDate;
}

export type AssessmentPolicyEvent = { type: 'AssessmentPolicyIssued'; data: AssessmentPolicy };
export const ASSESSMENT_POLICY_EVENT_TYPES: readonly AssessmentPolicyEvent['type'][] = ['AssessmentPolicyIssued'];
/** A stored event of an assessment-policy stream, typed as its AssessmentPolicyEvent. */
export const isAssessmentPolicyEvent = narrow<AssessmentPolicyEvent>(ASSESSMENT_POLICY_EVENT_TYPES);

export const ASSESSMENT_POLICY_STREAM_PREFIX = 'assessment-policy-';

export function assessmentPolicyStreamId(policyId: string): string {
  return `${ASSESSMENT_POLICY_STREAM_PREFIX}${policyId}`;
}

/** DOMAIN.md defaults; with no policy in force every project counts whatever its size. */
export const DEFAULT_RULES: CountingRules = {
  minimumProjectCny: '0.00',
  fixedAssetSectors: ['primary', 'secondary'],
  realEstateTaxMultiplier: 10,
  otherSectorsCount: false,
};

export const MAX_REAL_ESTATE_MULTIPLIER = 100;

/** The admin's command; omitted fields take the DOMAIN.md defaults, so the event is always complete. */
export interface IssueAssessmentPolicy {
  policyId: string;
  minimumProjectCny: string;
  fixedAssetSectors?: readonly string[];
  realEstateTaxMultiplier?: number;
  otherSectorsCount?: boolean;
  effectiveFrom: string;
}

export type PolicyState = AssessmentPolicy | null;

export function evolvePolicy(_state: PolicyState, event: AssessmentPolicyEvent): PolicyState {
  return event.data;
}

function isSector(text: string): text is Sector {
  return (SECTORS as readonly string[]).includes(text);
}

export const decideIssuePolicy: Decider<IssueAssessmentPolicy, PolicyState, AssessmentPolicyEvent> = (command, state) => {
  if (state !== null) return new RuleViolation('policy-exists', `assessment policy ${command.policyId} already exists`);
  if (!isAmount(command.minimumProjectCny) || toFen(command.minimumProjectCny) < 0n) {
    return new RuleViolation('minimum-project-size', 'the minimum project size must be an amount of zero or more');
  }
  const sectors = command.fixedAssetSectors ?? DEFAULT_RULES.fixedAssetSectors;
  if (!sectors.every(isSector)) {
    return new RuleViolation('fixed-asset-sectors', `unknown sectors: ${sectors.filter((s) => !isSector(s)).join(', ')}`);
  }
  // Real estate has its own measure (tax × multiplier); counting it by fixed assets too would make its rule ambiguous.
  if (sectors.includes('real_estate')) {
    return new RuleViolation('fixed-asset-sectors', 'real_estate counts by tax paid, not by fixed assets');
  }
  if (new Set(sectors).size !== sectors.length) return new RuleViolation('fixed-asset-sectors', 'a sector is listed twice');
  const multiplier = command.realEstateTaxMultiplier ?? DEFAULT_RULES.realEstateTaxMultiplier;
  if (!Number.isInteger(multiplier) || multiplier < 1 || multiplier > MAX_REAL_ESTATE_MULTIPLIER) {
    return new RuleViolation('real-estate-multiplier', `the real-estate tax multiplier must be a whole number from 1 to ${MAX_REAL_ESTATE_MULTIPLIER}`);
  }
  if (!isLocalDate(command.effectiveFrom)) return new RuleViolation('effective-from', 'effectiveFrom must be a calendar date');
  return [
    {
      type: 'AssessmentPolicyIssued',
      data: {
        policyId: command.policyId,
        minimumProjectCny: fromFen(toFen(command.minimumProjectCny)),
        fixedAssetSectors: [...sectors],
        realEstateTaxMultiplier: multiplier,
        otherSectorsCount: command.otherSectorsCount ?? DEFAULT_RULES.otherSectorsCount,
        effectiveFrom: command.effectiveFrom,
      },
    },
  ];
};

/**
 * The policy a period is assessed under: the latest effective on or before the period's last day, among
 * the policies given in recording order; on the same effective date the later recorded wins. One policy
 * per period, so every unit in a ranking is counted by the same rules.
 */
export function policyInForce(recorded: readonly AssessmentPolicy[], lastDay: LocalDate): AssessmentPolicy | null {
  let chosen: AssessmentPolicy | null = null;
  for (const policy of recorded) {
    if (policy.effectiveFrom <= lastDay && (chosen === null || policy.effectiveFrom >= chosen.effectiveFrom)) chosen = policy;
  }
  return chosen;
}
