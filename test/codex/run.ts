/**
 * `npm run test:codex`: the end-to-end suite against the real Codex CLI. Installs Codex outside the sandbox
 * (it needs the registry), then runs vitest inside a network namespace that has only a loopback interface,
 * so Codex can reach nothing but the mock model and codexmon.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {CODEX_VERSIONS, installCodex} from './install-codex.js';
import {IS_ROOT, inNamespace, namespaceProblem} from './network-namespace.js';

const problem = namespaceProblem();
if (problem) {
	// Codex must never run with real network access: without a namespace the suite cannot run at all.
	// CODEXMON_REQUIRE_CODEX_E2E=1 turns that into a failure, for a CI that must prove it ran.
	if (process.env.CODEXMON_REQUIRE_CODEX_E2E === '1') {
		console.error(`test:codex: FAILED: cannot isolate Codex in a network namespace${IS_ROOT ? ' (as root)' : ''}: ${problem}`);
		process.exit(1);
	}

	console.log(`test:codex: skipped: no network namespace for Codex${IS_ROOT ? ' (as root)' : ''} (${problem})`);
	process.exit(0);
}

const started = Date.now();
const binaries: Record<string, string> = {};
try {
	for (const version of CODEX_VERSIONS) {
		binaries[version] = installCodex(version, line => console.log(`test:codex: ${line}`));
	}
} catch (error) {
	console.error(`test:codex: FAILED: ${(error as Error).message}`);
	process.exit(1);
}

const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const config = fileURLToPath(new URL('vitest.config.ts', import.meta.url));
const [command, ...args] = inNamespace([process.execPath, vitest, 'run', '--config', config, ...process.argv.slice(2)]);
// Inside a user namespace everyone is uid 0, and tmux refuses a /tmp/tmux-0 that root owns: give it its own.
const tmuxDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-tmux-'));
const tests = Date.now();
const result = spawnSync(command!, args, {stdio: 'inherit', env: {...process.env, CODEXMON_CODEX_BINS: JSON.stringify(binaries), TMUX_TMPDIR: tmuxDirectory}});
fs.rmSync(tmuxDirectory, {recursive: true, force: true});
console.log(`test:codex: install/check ${((tests - started) / 1000).toFixed(1)} s, tests ${((Date.now() - tests) / 1000).toFixed(1)} s`);
process.exit(result.status ?? 1);
