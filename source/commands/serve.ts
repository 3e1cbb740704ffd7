import {resolveConfig} from '../config.js';
import {describeUpstream} from '../forward/forwarding.js';
import {exposureWarning} from '../app/exposure-warning.js';
import {startReceiving, type Receiving} from '../app/start-receiving.js';
import type {Command} from './command.js';
import {DETECTION_FLAGS, DETECTION_HELP, RECEIVER_FLAGS, RECEIVER_HELP, STORE_FLAGS, STORE_HELP} from './common-flags.js';
import {redactUrl} from '../format/redact-url.js';

export const serveCommand: Command = {
	name: 'serve',
	summary: 'Run the OTLP receiver without the TUI',
	arguments: {most: 0, usage: 'codexmon serve [options]'},
	help: `
	Usage
	  $ codexmon serve [--host H] [--port N] [--grpc-port N] [--forward URL] [--db FILE]

	Receives Codex's OpenTelemetry logs, traces and metrics over OTLP/HTTP
	(protobuf or JSON) and OTLP/gRPC, records every session in SQLite and
	watches for loops and runaways. With --forward it also passes every request
	on to your team's OpenTelemetry Collector. Prints one line when listening;
	Ctrl-C (SIGINT) or SIGTERM flushes and exits 0.

	Options
${RECEIVER_HELP}
${STORE_HELP}
${DETECTION_HELP}

	Examples
	  $ codexmon serve
	  $ codexmon serve --port 14318 --db /tmp/codexmon.db
	  $ codexmon serve --forward http://otel-collector.internal:4318 --forward-header 'authorization=Bearer abc'
	  $ codexmon serve --on-alert 'notify-send "codexmon" "$(jq -r .message)"'
`,
	flags: {...RECEIVER_FLAGS, ...STORE_FLAGS, ...DETECTION_FLAGS},
	async run(_input, flags) {
		const config = resolveConfig(flags);
		const warning = exposureWarning(config);
		if (warning) {
			process.stderr.write(`codexmon: warning: ${warning}\n`);
		}

		// Installed before anything starts: a SIGTERM at any moment, even right after the listening line,
		// stops codexmon cleanly instead of killing it by the signal (which left the lock behind).
		let stopRequested = false;
		let wake: (() => void) | undefined;
		const stop = () => {
			stopRequested = true;
			wake?.();
		};

		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		let receiving: Receiving;
		try {
			receiving = await startReceiving(config);
		} catch (error) {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
			throw error;
		}

		const {hub, address, grpcPort, forwarding} = receiving;
		if (receiving.grpcWarning) {
			process.stderr.write(`codexmon: warning: ${receiving.grpcWarning}\n`);
		}

		const host = formatHost(address.address);
		const grpc = grpcPort === undefined ? '' : ` and grpc://${host}:${grpcPort} (OTLP/gRPC)`;
		const forward = config.forward.urls.length > 0 ? `, forwarding to ${config.forward.urls.map(url => redactUrl(url)).join(' ')}` : '';
		process.stdout.write(`codexmon listening on http://${host}:${address.port} (OTLP/HTTP: /v1/logs /v1/traces /v1/metrics)${grpc}, db ${config.dbPath}${forward}\n`);
		if (!stopRequested) {
			await new Promise<void>(resolve => {
				wake = resolve;
			});
		}

		await receiving.close();
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
		process.stdout.write(`codexmon stopped: ${hub.stats.requests} requests, ${hub.stats.eventsStored} events stored\n`);
		for (const upstream of forwarding?.stats() ?? []) {
			process.stdout.write(`codexmon forwarded to ${upstream.url}: ${describeUpstream(upstream, true)}\n`);
		}

		return 0;
	},
};

function formatHost(host: string): string {
	return host.includes(':') ? `[${host}]` : host;
}
