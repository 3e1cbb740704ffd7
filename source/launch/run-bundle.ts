import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import {codeCachePath, writeCodeCache} from './code-cache.js';

export type CliModule = {runCli(argv?: string[]): Promise<void>};

/**
 * Runs the bundled CLI (dist/codexmon.cjs, source/build/bundle.mjs) with V8's code cache, which Node 20 has no switch for: compiling
 * the 2.7 MB bundle and the functions a start runs is the largest part of a start after Node's own boot.
 * The cache lives in the user's cache dir; V8 rejects one made by another Node (or flags) and it is rebuilt.
 * The bundle is ASCII (the build checks), so it is read as latin1: a plain copy instead of UTF-8 decoding.
 */
export function runBundle(bundlePath: string): CliModule {
	const source = fs.readFileSync(bundlePath, 'latin1');
	const cachePath = codeCachePath(bundlePath);
	let cachedData: Buffer | undefined;
	try {
		cachedData = cachePath === undefined ? undefined : fs.readFileSync(cachePath);
	} catch {}

	const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {filename: bundlePath, cachedData});
	if (cachePath !== undefined) {
		const accepted = cachedData !== undefined && !script.cachedDataRejected;
		// Only its size is needed at exit: the 1.6 MB cache itself would stay resident as long as the process runs.
		const cachedBytes = cachedData?.length ?? 0;
		// At exit the cache also holds every function this run compiled; a run that used more (the live screen
		// after a `--help`) replaces a smaller one. Making it takes a few ms.
		process.once('exit', () => {
			const data = script.createCachedData();
			if (!accepted || data.length > cachedBytes * 1.1) {
				writeCodeCache(cachePath, data);
			}
		});
	}

	const module = {exports: {} as CliModule};
	const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
	run(module.exports, createRequire(bundlePath), module, bundlePath, path.dirname(bundlePath));
	return module.exports;
}
