import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {checkSqliteBinding} from '../../source/doctor/check-sqlite.js';
import {loadCapture} from '../helpers/captures.js';
import {postCapture, runCli, startServe, temporaryDirectory} from '../helpers/cli.js';

type Check = {name: string; status: string; detail: string; fix?: string};
const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const doctor = (db: string) => {
	const result = runCli(['doctor', '--json', '--port', '0', '--db', db], {env: {CODEX_HOME: path.join(directory, 'no-home')}});
	const checks = JSON.parse(result.stdout) as Check[];
	return {status: result.status, binding: checks.find(check => check.name === 'SQLite binding'), database: checks.find(check => check.name === 'Database')};
};

describe('codexmon doctor and SQLite', () => {
	it('loads the binding and opens a recorded database read-only: both fine', async () => {
		const db = path.join(directory, 'sound.db');
		const served = await startServe(['--db', db]);
		await postCapture(served.url, loadCapture('tui-session'));
		await served.stop();
		const before = fs.readFileSync(db);

		const {binding, database} = doctor(db);
		expect(binding).toMatchObject({status: 'ok', detail: `better-sqlite3 loads on Node ${process.version}`});
		expect(database).toMatchObject({status: 'ok'});
		expect(database!.detail).toMatch(/sound\.db, [\d.]+ \w+$/);
		expect(fs.readFileSync(db).equals(before)).toBe(true);
	});

	it('fails a file that is not a database and a database with damaged pages', async () => {
		const notSqlite = path.join(directory, 'text.db');
		fs.writeFileSync(notSqlite, 'these are not the pages you are looking for\n'.repeat(200));
		expect(doctor(notSqlite)).toMatchObject({status: 1, database: {status: 'fail', detail: `${notSqlite} is damaged or not a codexmon database: file is not a database`}});

		// A real recording whose pages after the first are overwritten: the header still says SQLite.
		const damaged = path.join(directory, 'damaged.db');
		const served = await startServe(['--db', damaged]);
		await postCapture(served.url, loadCapture('tui-session'));
		await served.stop();
		const bytes = fs.readFileSync(damaged);
		const pageSize = bytes.readUInt16BE(16);
		bytes.fill(0xA5, pageSize, bytes.length);
		fs.writeFileSync(damaged, bytes);
		const result = doctor(damaged);
		expect(result.status).toBe(1);
		expect(result.database).toMatchObject({status: 'fail', fix: expect.stringMatching(/move it aside/) as unknown});
		expect(result.database!.detail).toMatch(/damaged\.db is damaged or not a codexmon database: \S/);
	});

	it('names a binding built for another Node, with the fix', () => {
		// The message Node 24.22.3 gave for a better-sqlite3 built by Node 20 (after switching Node with nvm).
		const message = 'The module \'/home/user/.npm-global/lib/node_modules/codexmon/node_modules/better-sqlite3/build/Release/better_sqlite3.node\'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 137. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).';
		const check = checkSqliteBinding(() => {
			throw new Error(message);
		});
		expect(check).toMatchObject({status: 'fail', detail: `better-sqlite3 was built for another Node.js (NODE_MODULE_VERSION 115); Node ${process.version} needs 137`});
		expect(check.fix).toMatch(/^npm rebuild better-sqlite3/);
		expect(checkSqliteBinding(() => {
			throw new Error('Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node');
		})).toMatchObject({status: 'fail', detail: 'better-sqlite3 does not load: Could not locate the bindings file. Tried:'});
	});
});
