import fs from 'node:fs';
import {parse as parseToml} from 'smol-toml';
import {endpointFor} from '../model/otel-block.js';
import type {CheckResult} from './check.js';

const EXPORTERS = [
	['exporter', 'logs'],
	['trace_exporter', 'traces'],
	['metrics_exporter', 'metrics'],
] as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Is Codex's config.toml sending all three signals to this receiver? */
export function checkCodexConfig(file: string, receiver: {host: string; port: number; grpcPort?: number | undefined}): CheckResult[] {
	const fix = 'run `codexmon setup --write`';
	if (!fs.existsSync(file)) {
		return [{name: 'Codex config', status: 'fail', detail: `${file} does not exist, so Codex exports no telemetry`, fix}];
	}

	let config: Record<string, unknown>;
	try {
		config = parseToml(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
	} catch (error) {
		return [{name: 'Codex config', status: 'fail', detail: `${file} is not valid TOML: ${(error as Error).message}`, fix: 'fix the file; Codex will refuse it too'}];
	}

	const otel = asTable(config.otel);
	return EXPORTERS.map(([key, signal]) => {
		const name = `Codex ${key}`;
		const exporter = asTable(otel?.[key]);
		const http = asTable(exporter?.['otlp-http']);
		const grpc = asTable(exporter?.['otlp-grpc']);
		const endpoint = typeof http?.endpoint === 'string' ? http.endpoint : (typeof grpc?.endpoint === 'string' ? grpc.endpoint : undefined);
		if (!endpoint) {
			const why = key === 'metrics_exporter' ? ' (unset, Codex sends metrics to its own default endpoint, not to codexmon)' : ' (unset, Codex exports nothing for it)';
			return {name, status: 'fail' as const, detail: `[otel] ${key} is not an OTLP exporter${why}`, fix};
		}

		let url: URL;
		try {
			url = new URL(endpoint);
		} catch {
			return {name, status: 'fail' as const, detail: `[otel] ${key} endpoint "${endpoint}" is not a URL`, fix};
		}

		const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
		const sameHost = LOOPBACK.has(url.hostname) ? LOOPBACK.has(receiver.host) || receiver.host === '0.0.0.0' : url.hostname === receiver.host;
		if (grpc) {
			if (receiver.grpcPort === undefined) {
				return {name, status: 'fail' as const, detail: `[otel] ${key} uses otlp-grpc (${endpoint}), but codexmon runs with --no-grpc`, fix: `start codexmon without --no-grpc, or ${fix} for OTLP/HTTP`};
			}

			if (!sameHost || (port !== receiver.grpcPort && receiver.grpcPort !== 0)) {
				return {name, status: 'fail' as const, detail: `[otel] ${key} sends OTLP/gRPC to ${endpoint}, not to this codexmon (gRPC port ${receiver.grpcPort})`, fix: `start codexmon with --grpc-port ${port}, or ${fix} for OTLP/HTTP`};
			}

			return {name, status: 'ok' as const, detail: `${signal} go to ${endpoint} (OTLP/gRPC)`};
		}

		if (!sameHost || port !== receiver.port) {
			return {name, status: 'fail' as const, detail: `[otel] ${key} posts to ${endpoint}, not to this codexmon (${endpointFor(receiver, signal)})`, fix: `${fix} (or start codexmon with --port ${port})`};
		}

		return {name, status: 'ok' as const, detail: `${signal} go to ${endpoint} (${String(http?.protocol ?? 'binary')})`};
	});
}

function asTable(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}
