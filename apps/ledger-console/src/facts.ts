/**
 * The facts a person records through the console, one form each: the fields the API takes (API.md), the roles that
 * may record them (docs/security.md), and how a form's values become the request body.
 */
import type { Role } from './session.js';
import { SECTORS } from './types.js';

export type FieldKind = 'text' | 'date' | 'month' | 'year' | 'integer' | 'select' | 'sectors' | 'money' | 'cny' | 'cnyZero' | 'unit' | 'switch';

export interface FieldSpec {
  /** The body's field; a dotted name ("referrer.name") is a field of a nested object. */
  name: string;
  kind: FieldKind;
  optional?: boolean;
  options?: readonly string[];
  /** i18n prefix of the options' labels. */
  optionLabels?: string;
  /** i18n key of the label, when `fields.<name>` would say something else. */
  label?: string;
}

export interface FactSpec {
  key: string;
  path: string;
  roles: readonly Role[];
  fields: FieldSpec[];
}

const date = (name: string): FieldSpec => ({ name, kind: 'date' });
const text = (name: string): FieldSpec => ({ name, kind: 'text' });
export const CURRENCIES = ['CNY', 'USD', 'EUR', 'JPY', 'KRW', 'HKD'] as const;

export const LEAD_FIELDS: FieldSpec[] = [
  text('name'),
  text('investor'),
  { name: 'origin', kind: 'select', options: ['domestic', 'foreign'], optionLabels: 'origins' },
  { name: 'sector', kind: 'select', options: SECTORS, optionLabels: 'sectors' },
  { name: 'plannedInvestment', kind: 'money' },
  { name: 'unitId', kind: 'unit' },
  { name: 'parkId', kind: 'text', optional: true },
  { name: 'referrer.referrerId', kind: 'text', optional: true },
  { name: 'referrer.name', kind: 'text', optional: true },
  { name: 'referrer.kind', kind: 'select', optional: true, options: ['person', 'organization'], optionLabels: 'referrerKinds' },
  date('leadOn'),
];

/** Facts on an existing project (POST /v1/projects/{id}/…), in the order of a project's life. */
export const PROJECT_FACTS: FactSpec[] = [
  {
    key: 'signing',
    path: 'signing',
    roles: ['recorder'],
    fields: [
      { name: 'kind', kind: 'select', options: ['intent', 'contract'], optionLabels: 'signingKinds' },
      { name: 'committedInvestment', kind: 'money' },
      date('signedOn'),
    ],
  },
  { key: 'funding', path: 'funding-arrivals', roles: ['recorder'], fields: [{ name: 'amount', kind: 'money' }, text('bankReference'), date('arrivedOn')] },
  { key: 'groundbreaking', path: 'groundbreaking', roles: ['recorder'], fields: [date('brokeGroundOn')] },
  { key: 'completion', path: 'completion', roles: ['recorder'], fields: [date('completedOn')] },
  { key: 'production', path: 'production', roles: ['recorder'], fields: [date('startedOn')] },
  {
    key: 'tax',
    path: 'tax-payments',
    roles: ['recorder'],
    fields: [{ name: 'amount', kind: 'cny' }, { name: 'taxMonth', kind: 'month' }, text('paymentReference'), date('paidOn')],
  },
  {
    key: 'verification',
    path: 'fixed-asset-verifications',
    roles: ['assessor'],
    fields: [
      { name: 'plant', kind: 'cnyZero' },
      { name: 'equipment', kind: 'cnyZero' },
      { name: 'land', kind: 'cnyZero' },
      date('inspectedOn'),
      text('inspector'),
    ],
  },
  { key: 'credit', path: 'credit', roles: ['assessor'], fields: [{ name: 'unitId', kind: 'unit' }, text('reason'), date('on')] },
  {
    key: 'referrer',
    path: 'referrer',
    roles: ['assessor'],
    fields: [
      text('referrerId'),
      text('name'),
      { name: 'kind', kind: 'select', options: ['person', 'organization'], optionLabels: 'referrerKinds' },
      date('assignedOn'),
    ],
  },
  { key: 'void', path: 'voids', roles: ['recorder', 'assessor'], fields: [text('eventId'), text('reason'), date('on')] },
  { key: 'abandonment', path: 'abandonment', roles: ['recorder'], fields: [text('reason'), date('abandonedOn')] },
];

/** Every value a string, as inputs hold them; a switch is 'true' or ''. */
export type FormValues = Record<string, string>;

/** The fields' empty values; a money field keeps its amount, currency and rate under name, name.currency, name.cnyRate. */
export function emptyValues(fields: FieldSpec[]): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    values[f.name] = '';
    if (f.kind === 'money') {
      values[`${f.name}.currency`] = 'CNY';
      values[`${f.name}.cnyRate`] = '';
    }
  }
  return values;
}

type Body = Record<string, unknown>;

function put(body: Body, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) {
    body[head] = value;
    return;
  }
  const inner = (body[head] ??= {}) as Body;
  put(inner, rest.join('.'), value);
}

/** The request body: empty optional fields left out, money as {amount, currency, cnyRate?}. */
export function bodyOf(fields: FieldSpec[], values: FormValues): Body {
  const body: Body = {};
  for (const f of fields) {
    const textValue = (values[f.name] ?? '').trim();
    if (f.kind === 'switch') {
      if (textValue) put(body, f.name, true);
      continue;
    }
    if (textValue === '' && f.optional) continue;
    if (f.kind === 'money') {
      const currency = String(values[`${f.name}.currency`]);
      const rate = String(values[`${f.name}.cnyRate`]).trim();
      put(body, f.name, currency === 'CNY' || !rate ? { amount: textValue, currency } : { amount: textValue, currency, cnyRate: rate });
    } else if (f.kind === 'cny' || f.kind === 'cnyZero') put(body, f.name, { amount: textValue, currency: 'CNY' });
    else if (f.kind === 'year' || f.kind === 'integer') put(body, f.name, Number(textValue));
    else if (f.kind === 'sectors') put(body, f.name, textValue.split(',').filter(Boolean));
    else put(body, f.name, textValue);
  }
  return body;
}

/** The form field a problem's `errors[].field` belongs to ("plannedInvestment.amount" → plannedInvestment). */
export function fieldOf(fields: FieldSpec[], errorField: string): string | null {
  const exactField = fields.find((f) => f.name === errorField);
  if (exactField) return exactField.name;
  const owner = fields.find((f) => errorField.startsWith(`${f.name}.`));
  return owner?.name ?? null;
}

const DECIMAL = /^\d+(\.\d{1,2})?$/;

/** The API's format rules, checked before sending (the ledger checks them again, and more). Returns an i18n key. */
export function formatProblem(field: FieldSpec, values: FormValues): string | null {
  const v = (values[field.name] ?? '').trim();
  if (field.kind === 'switch') return null;
  if (v === '') return field.optional ? null : 'validation.required';
  switch (field.kind) {
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'validation.date';
    case 'month':
      return /^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? null : 'validation.month';
    case 'year':
      return /^\d{4}$/.test(v) ? null : 'validation.year';
    case 'integer':
      return /^\d+$/.test(v) ? null : 'validation.integer';
    case 'money':
    case 'cny':
    case 'cnyZero': {
      if (!DECIMAL.test(v)) return 'validation.amount';
      if (field.kind !== 'cnyZero' && /^0+(\.0+)?$/.test(v)) return 'validation.positive';
      if (field.kind === 'money' && values[`${field.name}.currency`] !== 'CNY' && !/^\d+(\.\d+)?$/.test(String(values[`${field.name}.cnyRate`]).trim())) {
        return 'validation.cnyRate';
      }
      return null;
    }
    default:
      return null;
  }
}
