import Database from 'better-sqlite3';
import type {CheckResult} from './check.js';

const REBUILD = 'npm rebuild better-sqlite3 (in codexmon\'s install directory; for a global install: cd "$(npm root -g)/codexmon" && npm rebuild better-sqlite3), or reinstall codexmon';

/**
 * Loads better-sqlite3's native binding, as every database command does first. A binding built for another Node
 * (after switching Node with nvm, say) fails here with NODE_MODULE_VERSION, not only in the first real command.
 */
export function checkSqliteBinding(open: () => {close(): void} = () => new Database(':memory:')): CheckResult {
	const name = 'SQLite binding';
	try {
		open().close();
		return {name, status: 'ok', detail: `better-sqlite3 loads on Node ${process.version}`};
	} catch (error) {
		const message = (error as Error).message;
		const versions = /NODE_MODULE_VERSION (\d+)[\s\S]*?NODE_MODULE_VERSION (\d+)/.exec(message);
		const detail = versions
			? `better-sqlite3 was built for another Node.js (NODE_MODULE_VERSION ${versions[1]}); Node ${process.version} needs ${versions[2]}`
			: `better-sqlite3 does not load: ${message.split('\n')[0]}`;
		return {name, status: 'fail', detail, fix: REBUILD};
	}
}

/** Opens an existing database read-only and runs SQLite's quick check: undefined when it is sound, else the problem. */
export function databaseProblem(dbPath: string): string | undefined {
	let db: Database.Database | undefined;
	try {
		db = new Database(dbPath, {readonly: true, fileMustExist: true});
		const rows = db.pragma('quick_check', {simple: false}) as Array<{quick_check: string}>;
		const problems = rows.map(row => row.quick_check).filter(result => result !== 'ok');
		return problems.length === 0 ? undefined : problems.slice(0, 3).join('; ');
	} catch (error) {
		return (error as Error).message.split('\n')[0];
	} finally {
		db?.close();
	}
}
