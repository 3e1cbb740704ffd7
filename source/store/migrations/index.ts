import {migration001} from './001-init.js';

/** Numbered, immutable migrations; `PRAGMA user_version` records how many have run. */
export const MIGRATIONS: readonly string[] = [migration001];
