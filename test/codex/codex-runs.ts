import {CODEX_VERSIONS, codexBinaryPath, type CodexVersion} from './install-codex.js';

/** One way the suite runs Codex: a release and the transport its model provider talks. */
export type CodexRun = {version: CodexVersion; transport: 'http' | 'websocket'; label: string};

/**
 * 0.169.0 over HTTP (the first captures), 0.171.0 over HTTP and over the Responses WebSocket (what users of the
 * built-in OpenAI provider get). `CODEXMON_CODEX_RUNS=0.171.0/websocket,…` narrows it while working on one.
 */
export const CODEX_RUNS: CodexRun[] = ([['0.169.0', 'http'], ['0.171.0', 'http'], ['0.171.0', 'websocket']] as const)
	.map(([version, transport]) => ({version, transport, label: `${version}/${transport}`}))
	.filter(run => !process.env.CODEXMON_CODEX_RUNS || process.env.CODEXMON_CODEX_RUNS.split(',').includes(run.label));

/** Set by run.ts after the installs; a direct vitest run falls back to the cache paths. */
const installed = JSON.parse(process.env.CODEXMON_CODEX_BINS ?? '{}') as Partial<Record<CodexVersion, string>>;

export function codexBinary(version: CodexVersion): string {
	return installed[version] ?? codexBinaryPath(version);
}

export const LATEST_CODEX: CodexVersion = CODEX_VERSIONS.at(-1)!;
