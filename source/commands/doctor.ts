import {resolveConfig} from '../config.js';
import type {CheckResult} from '../doctor/check.js';
import {checkCodexConfig} from '../doctor/check-codex-config.js';
import {checkDatabase, checkNode, checkTerminal} from '../doctor/check-environment.js';
import {checkForward} from '../doctor/check-forward.js';
import {checkGrpcPort} from '../doctor/check-grpc-port.js';
import {checkPort} from '../doctor/check-port.js';
import {readReceiverStatus} from '../doctor/read-receiver-status.js';
import {codexConfigPath} from '../setup/codex-home.js';
import type {Command} from './command.js';
import {jsonTerminalSafe, terminalSafe} from '../format/terminal-safe.js';

const MARKS = {ok: '✔', warn: '⚠', fail: '✖'} as const;

export const doctorCommand: Command = {
	name: 'doctor',
	summary: 'Check that Codex, the port, the database and the terminal are ready',
	arguments: {most: 0, usage: 'codexmon doctor [options]'},
	help: `
	Usage
	  $ codexmon doctor [--port N] [--grpc-port N] [--host H] [--db FILE] [--forward URL] [--json]

	Checks, and explains how to fix:
	  - Codex's config.toml sends logs, traces and metrics to this receiver
	  - the port is free, or already served by codexmon
	  - the OTLP/gRPC port is free, or already served by codexmon
	  - each --forward upstream: the running codexmon's sent, queued, failed
	    and dropped counts, or else whether the upstream accepts connections
	  - the database is writable, and its size
	  - the Node.js version
	  - the terminal size and colour support

	Exits 1 when something is wrong (warnings alone exit 0).

	Options
	  --json                Print the checks as JSON
	  --grpc-port N         OTLP/gRPC port to check (default 4317, or one below --port N); --no-grpc skips it
	  --forward URL         Upstream collector to check (repeatable; also [forward] urls)
	  --token T             Token of the running codexmon, to read its state

	Examples
	  $ codexmon doctor
	  $ CODEX_HOME=/tmp/codex codexmon doctor --port 14318
`,
	flags: {
		host: {type: 'string'},
		port: {type: 'number'},
		grpcPort: {type: 'number'},
		grpc: {type: 'boolean'},
		forward: {type: 'string', isMultiple: true},
		token: {type: 'string'},
		config: {type: 'string'},
		db: {type: 'string'},
		json: {type: 'boolean'},
	},
	async run(_input, flags) {
		const config = resolveConfig(flags);
		const running = config.port === 0 ? undefined : await readReceiverStatus(config.host, config.port, config.token);
		const grpc = await checkGrpcPort(config.host, config.grpcPort, running);
		const results: CheckResult[] = [
			...checkCodexConfig(codexConfigPath(), {host: config.host, port: config.port, grpcPort: running ? running.grpcPort ?? undefined : config.grpcPort}),
			await checkPort(config.host, config.port),
			...(grpc ? [grpc] : []),
			...await checkForward(config.forward.urls, running),
			...checkDatabase(config.dbPath),
			checkNode(),
			...checkTerminal(process.stdout, process.env),
		];
		if (flags.json) {
			process.stdout.write(`${jsonTerminalSafe(JSON.stringify(results, undefined, 2))}\n`);
		} else {
			for (const result of results) {
				process.stdout.write(terminalSafe(`${MARKS[result.status]} ${result.name}: ${result.detail}${result.fix ? `\n    fix: ${result.fix}` : ''}\n`));
			}
		}

		return results.some(result => result.status === 'fail') ? 1 : 0;
	},
};
