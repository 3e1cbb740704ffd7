import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The Codex releases the suite runs: the one the first telemetry ground truth and fixtures were captured with,
 * and the latest (0.171.0, whose captures include the Responses WebSocket transport).
 */
export const CODEX_VERSIONS = ['0.169.0', '0.171.0'] as const;
export type CodexVersion = typeof CODEX_VERSIONS[number];

const PLATFORM_PACKAGES: Record<string, {name: string; triple: string}> = {
	'linux-x64': {name: 'codex-linux-x64', triple: 'x86_64-unknown-linux-musl'},
	'linux-arm64': {name: 'codex-linux-arm64', triple: 'aarch64-unknown-linux-musl'},
	'darwin-x64': {name: 'codex-darwin-x64', triple: 'x86_64-apple-darwin'},
	'darwin-arm64': {name: 'codex-darwin-arm64', triple: 'aarch64-apple-darwin'},
};

/** `$CODEXMON_CODEX_CACHE`, else `${XDG_CACHE_HOME:-~/.cache}/codexmon-test`: kept between runs, never in the repository. */
export function codexCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
	if (env.CODEXMON_CODEX_CACHE) {
		return path.resolve(env.CODEXMON_CODEX_CACHE);
	}

	return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'codexmon-test');
}

/**
 * The native binary inside the platform package, as Codex's own `bin/codex.js` finds it. The tests run it
 * directly (as the captures did), so signals reach Codex and not a Node wrapper.
 */
export function codexBinaryPath(version: CodexVersion, prefix = path.join(codexCacheDirectory(), `codex-${version}`)): string {
	const platform = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
	if (!platform) {
		throw new Error(`no @openai/codex binary for ${process.platform}-${process.arch}`);
	}

	return path.join(prefix, 'node_modules', '@openai', platform.name, 'vendor', platform.triple, 'bin', 'codex');
}

/** Installs `@openai/codex@<version>` into the cache unless its binary is already there; returns the binary. */
export function installCodex(version: CodexVersion, log: (line: string) => void = line => process.stderr.write(`${line}\n`)): string {
	const prefix = path.join(codexCacheDirectory(), `codex-${version}`);
	const binary = codexBinaryPath(version, prefix);
	if (fs.existsSync(binary)) {
		log(`codex ${version}: using ${binary}`);
		return binary;
	}

	fs.mkdirSync(prefix, {recursive: true});
	log(`codex ${version}: installing @openai/codex@${version} into ${prefix} (about 400 MB, once)…`);
	const started = Date.now();
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const result = spawnSync(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', `@openai/codex@${version}`], {stdio: ['ignore', 'inherit', 'inherit']});
	if (result.status !== 0) {
		throw new Error(`npm install @openai/codex@${version} failed (${result.error?.message ?? `exit ${result.status}`})`);
	}

	if (!fs.existsSync(binary)) {
		throw new Error(`npm installed @openai/codex@${version} but ${binary} is missing (was the optional platform package skipped?)`);
	}

	log(`codex ${version}: installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return binary;
}
