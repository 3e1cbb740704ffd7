import {resolveConfig} from '../config.js';
import type {CheckResult} from '../doctor/check.js';
import {checkCodexConfig} from '../doctor/check-codex-config.js';
import {checkDatabase, checkNode, checkTerminal} from '../doctor/check-environment.js';
import {checkPort} from '../doctor/check-port.js';
import {codexConfigPath} from '../setup/codex-home.js';
import type {Command} from './command.js';

const MARKS = {ok: '✔', warn: '⚠', fail: '✖'} as const;

export const doctorCommand: Command = {
	name: 'doctor',
	summary: 'Check that Codex, the port, the database and the terminal are ready',
	help: `
	Usage
	  $ codexmon doctor [--port N] [--host H] [--db FILE] [--json]

	Checks, and explains how to fix:
	  - Codex's config.toml sends logs, traces and metrics to this receiver
	  - the port is free, or already served by codexmon
	  - the database is writable, and its size
	  - the Node.js version
	  - the terminal size and colour support

	Exits 1 when something is wrong (warnings alone exit 0).

	Options
	  --json  Print the checks as JSON

	Examples
	  $ codexmon doctor
	  $ CODEX_HOME=/tmp/codex codexmon doctor --port 14318
`,
	flags: {
		host: {type: 'string'},
		port: {type: 'number'},
		db: {type: 'string'},
		json: {type: 'boolean'},
	},
	async run(_input, flags) {
		const config = resolveConfig(flags);
		const results: CheckResult[] = [
			...checkCodexConfig(codexConfigPath(), config),
			await checkPort(config.host, config.port),
			checkDatabase(config.dbPath),
			checkNode(),
			...checkTerminal(process.stdout, process.env),
		];
		if (flags.json) {
			process.stdout.write(`${JSON.stringify(results, undefined, 2)}\n`);
		} else {
			for (const result of results) {
				process.stdout.write(`${MARKS[result.status]} ${result.name}: ${result.detail}${result.fix ? `\n    fix: ${result.fix}` : ''}\n`);
			}
		}

		return results.some(result => result.status === 'fail') ? 1 : 0;
	},
};
