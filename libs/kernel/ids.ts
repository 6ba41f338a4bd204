/** The ledger's id alphabet (units, parks, referrers, officials): a letter or digit, then letters, digits, `.`, `_`, `-`; at most 64. */
export const LEDGER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
