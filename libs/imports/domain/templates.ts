/**
 * The two files the bureau brings in: the project ledger (台账, one row per project with its stages
 * and dates) and monthly tax records (纳税记录). Each column: its Chinese and English header, whether
 * it is required, and a note for the template's notes sheet. Pure.
 */
import type { ColumnSpec } from '../../platform/export/sheet.js';

export const IMPORT_KINDS = ['ledger', 'tax'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportColumn extends ColumnSpec {
  key: string;
  required: boolean;
  note: string;
}

const col = (key: string, zh: string, en: string, required: boolean, note: string, kind: ColumnSpec['kind'] = 'text'): ImportColumn => ({
  key,
  zh,
  en,
  required,
  note,
  kind,
});

export const LEDGER_IMPORT_COLUMNS: ImportColumn[] = [
  col('name', '项目名称', 'name', true, '项目的名称，如“棉纺织项目一期”'),
  col('investor', '投资方', 'investor', true, '投资企业的全称'),
  col('creditCode', '统一社会信用代码', 'creditCode', false, '18 位，含 GB 32100-2015 校验位；填写后按代码判断是否重复'),
  col('origin', '内资/外资', 'origin', true, '内资 或 外资'),
  col('sector', '产业', 'sector', true, '第一产业、第二产业、第三产业 或 房地产'),
  col('plannedAmount', '计划投资金额', 'plannedAmount', true, '数字，最多两位小数，币种见下一列', 'money'),
  col('currency', '币种', 'currency', false, 'CNY（默认）、USD、EUR、JPY、KRW、HKD 等'),
  col('cnyRate', '汇率', 'cnyRate', false, '外币填写当日人民币汇率，如 7.1234；人民币不填'),
  col('unitId', '认定单位代码', 'unitId', true, '已登记的县区、乡镇或市直部门代码'),
  col('parkId', '园区代码', 'parkId', false, '已登记的园区代码（POST /v1/parks）'),
  col('referrerId', '引荐人编号', 'referrerId', false, '有引荐人时填写，同一引荐人始终用同一编号'),
  col('referrerName', '引荐人姓名', 'referrerName', false, '有引荐人编号时必填'),
  col('referrerKind', '引荐人类型', 'referrerKind', false, '个人 或 组织（默认个人）'),
  col('leadOn', '线索日期', 'leadOn', true, '日期，如 2026-01-08'),
  col('signingKind', '签约类型', 'signingKind', false, '意向 或 正式合同；有签约日期时必填'),
  col('committedAmount', '签约投资金额', 'committedAmount', false, '与计划投资同一币种；有签约日期时必填', 'money'),
  col('signedOn', '签约日期', 'signedOn', false, '日期'),
  col('brokeGroundOn', '开工日期', 'brokeGroundOn', false, '日期，需已签约'),
  col('completedOn', '竣工日期', 'completedOn', false, '日期，需已开工'),
  col('productionStartedOn', '投产日期', 'productionStartedOn', false, '日期，需已竣工'),
];

export const TAX_IMPORT_COLUMNS: ImportColumn[] = [
  col('creditCode', '统一社会信用代码', 'creditCode', false, '按信用代码匹配项目；企业有多个项目时改填项目编号'),
  col('projectId', '项目编号', 'projectId', false, '台账中的项目编号；与信用代码至少填一项'),
  col('taxMonth', '税款所属期', 'taxMonth', true, '月份，如 2026-03'),
  col('amount', '纳税金额（元）', 'amount', true, '人民币，数字，最多两位小数', 'money'),
  col('paymentReference', '缴款凭证号', 'paymentReference', true, '同一项目的同一凭证只计一次'),
  col('paidOn', '缴款日期', 'paidOn', true, '日期，不早于税款所属期所在月'),
];

export const IMPORT_COLUMNS: Record<ImportKind, ImportColumn[]> = { ledger: LEDGER_IMPORT_COLUMNS, tax: TAX_IMPORT_COLUMNS };

export const IMPORT_TITLES: Record<ImportKind, { zh: string; en: string }> = {
  ledger: { zh: '招商引资项目台账导入模板', en: 'Project ledger import template' },
  tax: { zh: '企业纳税记录导入模板', en: 'Tax records import template' },
};

/** The example row each template shows under its header. */
export const IMPORT_EXAMPLES: Record<ImportKind, Record<string, string>> = {
  ledger: {
    name: '棉纺织项目一期',
    investor: '华芳集团有限公司',
    creditCode: '91350100M000100Y43',
    origin: '内资',
    sector: '第二产业',
    plannedAmount: '300000000.00',
    currency: 'CNY',
    cnyRate: '',
    unitId: 'xiajin-beicheng',
    parkId: '',
    referrerId: 'ref-wang',
    referrerName: '王建国',
    referrerKind: '个人',
    leadOn: '2026-01-08',
    signingKind: '正式合同',
    committedAmount: '280000000.00',
    signedOn: '2026-02-10',
    brokeGroundOn: '2026-04-01',
    completedOn: '',
    productionStartedOn: '',
  },
  tax: { creditCode: '91350100M000100Y43', projectId: '', taxMonth: '2026-09', amount: '1250000.00', paymentReference: 'TAX-0915', paidOn: '2026-10-10' },
};
