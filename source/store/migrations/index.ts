import {migration001} from './001-init.js';
import {migration002} from './002-rollouts.js';

/** Numbered, immutable migrations; `PRAGMA user_version` records how many have run. */
export const MIGRATIONS: readonly string[] = [migration001, migration002];
