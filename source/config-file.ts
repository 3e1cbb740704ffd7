import fs from 'node:fs';
import {parse as parseToml} from 'smol-toml';
import {suggest} from './format/suggest.js';
import {defaultConfigPath} from './config-paths.js';

export class ConfigFileError extends Error {
	override name = 'ConfigFileError';
}

type KeyType = 'string' | 'strings' | 'string-table' | 'boolean' | 'count' | 'number' | 'fraction' | 'table' | 'budgets';

/** What a team's or project's budget may set: `[budget.team.payments]`. */
const GROUP_BUDGET_KEYS = ['session_tokens', 'session_cost_usd', 'daily_tokens', 'daily_cost_usd'];

/** Every key the config file may hold, by section. */
const SCHEMA: Record<string, Record<string, KeyType>> = {
	receiver: {host: 'string', port: 'count', token: 'string', grpc: 'boolean', grpc_port: 'count'},
	forward: {urls: 'strings', headers: 'string-table', queue_size: 'string'},
	store: {db: 'string', retain: 'string', max_size: 'string'},
	detect: {loop_threshold: 'count', loop_critical: 'count', loop_window: 'count', cycle_rounds: 'count', stall_requests: 'count', plan_warning_percent: 'number'},
	budget: {session_tokens: 'number', turn_tokens: 'number', turn_requests: 'number', turn_minutes: 'number', session_cost_usd: 'number', api_latency_p95_seconds: 'number', tool_failure_rate: 'fraction', daily_tokens: 'number', daily_cost_usd: 'number', team: 'budgets', project: 'budgets'},
	alerts: {bell: 'boolean', on_alert: 'string'},
	privacy: {mask: 'boolean'},
	import: {watch_sessions: 'boolean', codex_home: 'string'},
	prices: {},
};

export type ConfigFileValues = {
	path: string | undefined;
	sections: Record<string, Record<string, unknown>>;
};

export {defaultConfigPath} from './config-paths.js';

/**
 * Reads and checks the config file: an explicit `--config` must exist; the default one may not. A bad
 * value or an unknown key is an error that names it (with a suggestion), never a crash.
 */
export function loadConfigFile(explicitPath: string | undefined, env: NodeJS.ProcessEnv = process.env): ConfigFileValues {
	const file = explicitPath ?? env.CODEXMON_CONFIG ?? defaultConfigPath(env);
	if (!fs.existsSync(file)) {
		if (explicitPath ?? env.CODEXMON_CONFIG) {
			throw new ConfigFileError(`config file ${file} does not exist`);
		}

		return {path: undefined, sections: {}};
	}

	let parsed: Record<string, unknown>;
	try {
		parsed = parseToml(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
	} catch (error) {
		throw new ConfigFileError(`${file} is not valid TOML: ${(error as Error).message}`);
	}

	const sections: Record<string, Record<string, unknown>> = {};
	for (const [section, value] of Object.entries(parsed)) {
		const keys = SCHEMA[section];
		if (!keys) {
			throw new ConfigFileError(`${file}: unknown section [${section}]${hint(section, Object.keys(SCHEMA))}`);
		}

		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			throw new ConfigFileError(`${file}: ${section} must be a table ([${section}])`);
		}

		if (section !== 'prices') {
			for (const [key, item] of Object.entries(value)) {
				const type = keys[key];
				if (!type) {
					throw new ConfigFileError(`${file}: unknown key ${section}.${key}${hint(key, Object.keys(keys))}`);
				}

				checkType(file, `${section}.${key}`, item, type);
			}
		}

		sections[section] = value as Record<string, unknown>;
	}

	return {path: file, sections};
}

function checkType(file: string, name: string, value: unknown, type: KeyType): void {
	const fail = (expected: string) => {
		throw new ConfigFileError(`${file}: ${name} must be ${expected}, got ${JSON.stringify(value)}`);
	};

	switch (type) {
		case 'string': {
			if (typeof value !== 'string') {
				fail('a string');
			}

			break;
		}

		case 'strings': {
			if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) {
				fail('a list of strings, e.g. ["http://collector:4318"]');
			}

			break;
		}

		case 'string-table': {
			if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some(item => typeof item !== 'string')) {
				fail('a table of strings, e.g. {authorization = "Bearer …"}');
			}

			break;
		}

		case 'boolean': {
			if (typeof value !== 'boolean') {
				fail('true or false');
			}

			break;
		}

		case 'count': {
			if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
				fail('a whole number of 1 or more');
			}

			break;
		}

		case 'number': {
			if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
				fail('a positive number');
			}

			break;
		}

		case 'fraction': {
			if (typeof value !== 'number' || value <= 0 || value > 1) {
				fail('a fraction between 0 and 1 (0.3 = 30 %)');
			}

			break;
		}

		case 'table': {
			break;
		}

		case 'budgets': {
			if (typeof value !== 'object' || value === null || Array.isArray(value)) {
				fail(`tables like [${name}.<name>]`);
			}

			for (const [group, budget] of Object.entries(value as Record<string, unknown>)) {
				if (typeof budget !== 'object' || budget === null || Array.isArray(budget)) {
					throw new ConfigFileError(`${file}: ${name}.${group} must be a table ([${name}.${group}])`);
				}

				for (const [key, item] of Object.entries(budget)) {
					if (!GROUP_BUDGET_KEYS.includes(key)) {
						throw new ConfigFileError(`${file}: unknown key ${name}.${group}.${key}${hint(key, GROUP_BUDGET_KEYS)}`);
					}

					checkType(file, `${name}.${group}.${key}`, item, 'number');
				}
			}

			break;
		}
	}
}

function hint(word: string, candidates: string[]): string {
	const close = suggest(word, candidates);
	return close.length > 0 ? ` (did you mean ${close[0]}?)` : ` (known: ${candidates.join(', ')})`;
}
