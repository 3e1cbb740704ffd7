export const BLOCK_BEGIN = '# codexmon:begin';
export const BLOCK_END = '# codexmon:end';

export type OtelBlockOptions = {host: string; port: number; token?: string; logUserPrompt?: boolean};

/** Codex cannot reach a wildcard address; it posts to loopback when codexmon listens on all interfaces. */
function endpointHost(host: string): string {
	if (host === '0.0.0.0' || host === '::' || host === '') {
		return '127.0.0.1';
	}

	return host.includes(':') ? `[${host}]` : host;
}

export function endpointFor(options: OtelBlockOptions, signal: 'logs' | 'traces' | 'metrics'): string {
	return `http://${endpointHost(options.host)}:${options.port}/v1/${signal}`;
}

/**
 * The `[otel]` block that points all three of Codex's exporters at this receiver. Without
 * `metrics_exporter` Codex sends its metrics to its own default (Statsig) endpoint, not here.
 */
export function renderOtelBlock(options: OtelBlockOptions): string {
	const headers = options.token ? `\nheaders = { Authorization = "Bearer ${options.token}" }` : '';
	const exporter = (table: string, signal: 'logs' | 'traces' | 'metrics') => `[otel.${table}.otlp-http]
endpoint = "${endpointFor(options, signal)}"
protocol = "binary"${headers}`;
	return `${BLOCK_BEGIN} (managed by \`codexmon setup --write\`; rerun it to update this block)
[otel]
# With false, Codex logs every prompt as "[REDACTED]" (codexmon still counts its length).
# Set it to true to see your prompts in codexmon. Tool arguments and output are always sent.
log_user_prompt = ${options.logUserPrompt ? 'true' : 'false'}

${exporter('exporter', 'logs')}

${exporter('trace_exporter', 'traces')}

${exporter('metrics_exporter', 'metrics')}
${BLOCK_END}
`;
}
