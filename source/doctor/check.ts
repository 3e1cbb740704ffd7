export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One doctor finding: what was checked, what was found, and how to fix it when it is not ok. */
export type CheckResult = {name: string; status: CheckStatus; detail: string; fix?: string};
