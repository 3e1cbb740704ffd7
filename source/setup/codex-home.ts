import os from 'node:os';
import path from 'node:path';

/** `$CODEX_HOME`, else `~/.codex`, as Codex itself resolves it. */
export function codexHome(env: NodeJS.ProcessEnv = process.env): string {
	return env.CODEX_HOME && env.CODEX_HOME.trim() !== '' ? path.resolve(env.CODEX_HOME) : path.join(env.HOME ?? os.homedir(), '.codex');
}

export function codexConfigPath(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(codexHome(env), 'config.toml');
}
