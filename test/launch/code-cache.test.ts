import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {CLI_PATH, runCli, temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

const BUNDLE_PATH = path.join(path.dirname(CLI_PATH), 'codexmon.cjs');

const cacheFiles = (cacheHome: string) => {
	const directory = path.join(cacheHome, 'codexmon');
	return fs.existsSync(directory) ? fs.readdirSync(directory).filter(name => name.endsWith('.v8')).map(name => path.join(directory, name)) : [];
};

/** The live screen with this cache home, in tmux, until its first frame; then `q`, and wait for the exit. */
async function openAndQuitLiveScreen(cacheHome: string): Promise<void> {
	const terminal = startTmux(`env -u CI XDG_CACHE_HOME=${cacheHome} ${process.execPath} ${CLI_PATH} --port 0 --no-grpc --db ${path.join(cacheHome, 'a.db')}`, {columns: 80, rows: 24});
	try {
		await waitForScreen(terminal.capture, screen => screen.includes('? help'));
		terminal.keys('q');
		await waitForScreen(() => terminal.isAlive() ? 'alive' : 'gone', state => state === 'gone');
	} finally {
		terminal.kill();
	}
}

describe('the bundled CLI\'s code cache', () => {
	const directories: string[] = [];
	const cacheHome = () => {
		const directory = temporaryDirectory();
		directories.push(directory);
		return directory;
	};

	afterEach(() => {
		for (const directory of directories.splice(0)) {
			fs.rmSync(directory, {recursive: true, force: true});
		}
	});

	it('is ASCII, as the launcher reads it as latin1', () => {
		expect(fs.readFileSync(BUNDLE_PATH).findIndex(byte => byte > 0x7F)).toBe(-1);
	});

	it('is written to the user\'s cache dir by the first run and used, unchanged, by the next', () => {
		const home = cacheHome();
		const first = runCli(['--help'], {env: {XDG_CACHE_HOME: home}});
		expect(first.status).toBe(0);
		const [cache] = cacheFiles(home);
		expect(cache).toMatch(new RegExp(`code-[0-9a-f]{12}-${process.version.replaceAll('.', '\\.')}-${process.arch}-\\d+-\\d+\\.v8$`));
		const written = fs.readFileSync(cache!);
		expect(written.length).toBeGreaterThan(100_000);

		const second = runCli(['--help'], {env: {XDG_CACHE_HOME: home}});
		expect(second.stdout).toBe(first.stdout);
		expect(cacheFiles(home)).toEqual([cache]);
		expect(fs.readFileSync(cache!).equals(written)).toBe(true);
	});

	it.skipIf(!HAS_TMUX)('grows when a later run, the live screen, compiles more than the run that made it', async () => {
		const home = cacheHome();
		runCli(['--version'], {env: {XDG_CACHE_HOME: home}});
		const [cache] = cacheFiles(home);
		const small = fs.statSync(cache!).size;
		await openAndQuitLiveScreen(home);

		expect(cacheFiles(home)).toEqual([cache]);
		expect(fs.statSync(cache!).size).toBeGreaterThan(small * 1.5);

		// The next live screen accepts it: a rejected cache (made under other V8 flags, say) is written anew,
		// through a rename, so a new inode would show it.
		const {ino} = fs.statSync(cache!);
		await openAndQuitLiveScreen(home);

		expect(fs.statSync(cache!).ino).toBe(ino);
	});

	it('survives a corrupt cache, a cache of an older build and an unwritable cache dir', () => {
		const home = cacheHome();
		runCli(['--help'], {env: {XDG_CACHE_HOME: home}});
		const [cache] = cacheFiles(home);
		fs.writeFileSync(cache!, 'not a V8 code cache');
		const stale = path.join(path.dirname(cache!), path.basename(cache!).replace(/-\d+-\d+\.v8$/, '-1-1.v8'));
		fs.writeFileSync(stale, 'a cache of a bundle that was rebuilt since');

		const run = runCli(['sessions', '--db', path.join(home, 'b.db')], {env: {XDG_CACHE_HOME: home}});
		expect(run.status).toBe(0);
		expect(run.stdout).toContain('No sessions recorded yet');
		expect(fs.readFileSync(cache!).length).toBeGreaterThan(100_000);
		expect(fs.existsSync(stale)).toBe(false);

		const file = path.join(home, 'a-file');
		fs.writeFileSync(file, '');
		const unwritable = runCli(['--version'], {env: {XDG_CACHE_HOME: file}});
		expect(unwritable).toMatchObject({status: 0, stderr: ''});
	});

	it('is not written with CODEXMON_CODE_CACHE=0', () => {
		const home = cacheHome();
		expect(runCli(['--version'], {env: {XDG_CACHE_HOME: home, CODEXMON_CODE_CACHE: '0'}}).status).toBe(0);
		expect(cacheFiles(home)).toEqual([]);
	});
});
