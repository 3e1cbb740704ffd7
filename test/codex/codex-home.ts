import fs from 'node:fs';
import path from 'node:path';
import {runCliAsync} from './codexmon.js';

import {codexBinary} from './codex-runs.js';
import type {CodexVersion} from './install-codex.js';

export type CodexHome = {home: string; workdir: string; env: NodeJS.ProcessEnv; binary: string; version: CodexVersion};

export type CodexHomeOptions = {
	version: CodexVersion;
	mockBaseUrl: string;
	codexmonPort: number;
	approvalPolicy: 'never' | 'on-request';
	protocol?: 'binary' | 'json';
	/** `websocket` sets the provider's `supports_websockets`, as the 0.171.0 WebSocket captures did. */
	transport?: 'http' | 'websocket';
	/** The provider's retry budget of the `exec-api-errors` capture; off by default, so a stray retry shows. */
	retries?: boolean;
};

/**
 * A throwaway CODEX_HOME whose config points Codex at the mock model (a custom Responses provider) and,
 * through `codexmon setup --write`, at codexmon: the same path a user takes. HOME is the same directory,
 * so Codex never reads or writes the real user's files.
 */
export async function createCodexHome(root: string, options: CodexHomeOptions): Promise<CodexHome> {
	const home = path.join(root, 'codex-home');
	const workdir = path.join(root, 'workdir');
	fs.mkdirSync(home, {recursive: true});
	fs.mkdirSync(workdir, {recursive: true});
	fs.writeFileSync(path.join(home, 'config.toml'), `model = "gpt-5.1-codex-mini"
model_provider = "mock"
approval_policy = "${options.approvalPolicy}"
sandbox_mode = "workspace-write"
check_for_update_on_startup = false

[model_providers.mock]
name = "Mock Responses"
base_url = "${options.mockBaseUrl}"
wire_api = "responses"
env_key = "MOCK_API_KEY"
request_max_retries = ${options.retries ? 4 : 0}
stream_max_retries = ${options.retries ? 5 : 0}
${options.transport === 'websocket' ? 'supports_websockets = true\nwebsocket_connect_timeout_ms = 10000\n' : ''}
[analytics]
enabled = false

[feedback]
enabled = false

[projects."${workdir}"]
trust_level = "trusted"
`);
	const env: NodeJS.ProcessEnv = {
		HOME: home,
		CODEX_HOME: home,
		PATH: '/usr/local/bin:/usr/bin:/bin',
		MOCK_API_KEY: 'dummy-key',
		TERM: 'xterm-256color',
		LANG: 'C.UTF-8',
	};
	const setup = await runCliAsync(['setup', '--write', '--port', String(options.codexmonPort), '--log-user-prompt'], {CODEX_HOME: home});
	if (setup.status !== 0) {
		throw new Error(`codexmon setup --write failed: ${setup.stderr}`);
	}

	if (options.protocol === 'json') {
		// setup writes protocol "binary"; OTLP/JSON is the other wire format Codex offers a user.
		const file = path.join(home, 'config.toml');
		fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('protocol = "binary"', 'protocol = "json"'));
	}

	return {home, workdir, env, binary: codexBinary(options.version), version: options.version};
}
