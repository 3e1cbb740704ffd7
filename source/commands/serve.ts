import {resolveConfig} from '../config.js';
import {exposureWarning} from '../pipeline/exposure-warning.js';
import {startReceiving} from '../pipeline/start-receiving.js';
import type {Command} from './command.js';
import {DETECTION_FLAGS, DETECTION_HELP, RECEIVER_FLAGS, RECEIVER_HELP, STORE_FLAGS, STORE_HELP} from './common-flags.js';

export const serveCommand: Command = {
	name: 'serve',
	summary: 'Run the OTLP receiver without the TUI',
	help: `
	Usage
	  $ codexmon serve [--host H] [--port N] [--db FILE]

	Receives Codex's OpenTelemetry logs, traces and metrics over OTLP/HTTP
	(protobuf or JSON), records every session in SQLite and watches for loops
	and runaways. Prints one line when listening; Ctrl-C (SIGINT) or SIGTERM
	flushes and exits 0.

	Options
${RECEIVER_HELP}
${STORE_HELP}
${DETECTION_HELP}

	Examples
	  $ codexmon serve
	  $ codexmon serve --port 14318 --db /tmp/codexmon.db
	  $ codexmon serve --on-alert 'notify-send "codexmon" "$(jq -r .message)"'
`,
	flags: {...RECEIVER_FLAGS, ...STORE_FLAGS, ...DETECTION_FLAGS},
	async run(_input, flags) {
		const config = resolveConfig(flags);
		const warning = exposureWarning(config);
		if (warning) {
			process.stderr.write(`codexmon: warning: ${warning}\n`);
		}

		const receiving = await startReceiving(config);
		const {hub, address} = receiving;
		process.stdout.write(`codexmon listening on http://${formatHost(address.address)}:${address.port} (OTLP/HTTP: /v1/logs /v1/traces /v1/metrics), db ${config.dbPath}\n`);
		await new Promise<void>(resolve => {
			const stop = () => {
				process.off('SIGINT', stop);
				process.off('SIGTERM', stop);
				resolve();
			};

			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		});
		await receiving.close();
		process.stdout.write(`codexmon stopped: ${hub.stats.requests} requests, ${hub.stats.eventsStored} events stored\n`);
		return 0;
	},
};

function formatHost(host: string): string {
	return host.includes(':') ? `[${host}]` : host;
}
