import { MAX_AMOUNT, RuleViolation, convertToCnyFen, fitsBound, fromFen, isRate, toFen } from '../../kernel/index.js';
import type { MoneyInput } from './commands.js';
import type { MoneyFact } from './events.js';

/** Freezes a client amount into a MoneyFact with its CNY value (amount × rate, half-up to the fen). */
export function moneyFact(input: MoneyInput, field: string, options: { allowZero?: boolean } = {}): MoneyFact | RuleViolation {
  const fen = toFen(input.amount);
  if (fen < 0n || (fen === 0n && !options.allowZero)) {
    return new RuleViolation('positive-amount', `${field} must be greater than zero`);
  }
  if (!fitsBound(fen)) return new RuleViolation('amount-bound', `${field} must be at most ${MAX_AMOUNT}`);
  if (input.currency === 'CNY') {
    if (input.cnyRate !== undefined && input.cnyRate !== '1') {
      return new RuleViolation('cny-rate', `${field}: a CNY amount takes no cnyRate`);
    }
    return { amount: fromFen(fen), currency: 'CNY', cny: fromFen(fen) };
  }
  if (input.cnyRate === undefined || !isRate(input.cnyRate)) {
    return new RuleViolation('cny-rate', `${field}: a ${input.currency} amount needs the cnyRate of that day, a positive decimal`);
  }
  const cnyFen = convertToCnyFen(fen, input.cnyRate);
  if (!fitsBound(cnyFen)) return new RuleViolation('amount-bound', `${field}: its CNY value must be at most ${MAX_AMOUNT}`);
  return { amount: fromFen(fen), currency: input.currency, cnyRate: input.cnyRate, cny: fromFen(cnyFen) };
}
