import {createHash} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `$XDG_CACHE_HOME/codexmon/` (else `~/.cache/codexmon/`), one file per bundle path, named by the bundle's
 * size and time so a rebuilt bundle never meets an old cache (V8 itself checks only the source's length).
 * `CODEXMON_CODE_CACHE=0` turns the cache off. Undefined when there is no usable home.
 */
export function codeCachePath(bundlePath: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
	if (env.CODEXMON_CODE_CACHE === '0') {
		return undefined;
	}

	try {
		const cacheHome = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME ?? os.homedir(), '.cache');
		const stat = fs.statSync(bundlePath);
		const key = `${process.version}-${process.arch}-${stat.size}-${Math.trunc(stat.mtimeMs)}`;
		return path.join(cacheHome, 'codexmon', `code-${pathKey(bundlePath)}-${key}.v8`);
	} catch {
		return undefined;
	}
}

/** Writes atomically (concurrent starts each write whole files) and removes this bundle's older caches. Never throws: a cache is optional. */
export function writeCodeCache(cachePath: string, data: Buffer): void {
	try {
		const directory = path.dirname(cachePath);
		fs.mkdirSync(directory, {recursive: true});
		const temporary = `${cachePath}.${process.pid}.tmp`;
		fs.writeFileSync(temporary, data);
		fs.renameSync(temporary, cachePath);
		const prefix = path.basename(cachePath).split('-').slice(0, 2).join('-');
		for (const name of fs.readdirSync(directory)) {
			if (name.startsWith(`${prefix}-`) && name.endsWith('.v8') && name !== path.basename(cachePath)) {
				fs.rmSync(path.join(directory, name), {force: true});
			}
		}
	} catch {}
}

function pathKey(bundlePath: string): string {
	return createHash('sha256').update(bundlePath).digest('hex').slice(0, 12);
}
