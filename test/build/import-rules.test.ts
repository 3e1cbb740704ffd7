import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const configPath = path.join(root, '.dependency-cruiser.cjs');
type Rule = {name: string; from: {path?: string; pathNot?: string | string[]}; to: {path?: string | string[]; pathNot?: string | string[]}};
const {forbidden} = createRequire(import.meta.url)(configPath) as {forbidden: Rule[]};
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** commands/ and the launcher may import everything (DESIGN §2.2): they need no allow list. */
const WIRING = new Set(['commands', 'cli.ts', 'run-cli.tsx']);

// `npm run lint:imports` (the start of `npm test`) runs them on the project itself.
describe('the allowed-imports rules (DESIGN §2.2)', () => {
	it('give every folder and root file of source/ a rule of its own, so a new one fails until the table names it', () => {
		const entries = fs.readdirSync(path.join(root, 'source'), {withFileTypes: true})
			.filter(entry => entry.isDirectory() || /\.tsx?$/.test(entry.name))
			.map(entry => entry.name)
			.filter(name => !WIRING.has(name));
		const ruled = (name: string) => {
			const file = name.includes('.') ? `source/${name}` : `source/${name}/any.ts`;
			// A rule about who may import a folder (`from` everyone but …) is not that folder's own row.
			return forbidden.some(rule => rule.from.path !== undefined && rule.from.pathNot === undefined && new RegExp(rule.from.path).test(file));
		};
		expect(entries.filter(name => !ruled(name))).toEqual([]);
	});

	it('fail on an arrow the table forbids, naming the rule and the files', () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-import-rules-'));
		try {
			fs.mkdirSync(path.join(directory, 'source/ui'), {recursive: true});
			fs.mkdirSync(path.join(directory, 'source/store'), {recursive: true});
			fs.writeFileSync(path.join(directory, 'tsconfig.json'), JSON.stringify({compilerOptions: {module: 'nodenext', moduleResolution: 'nodenext', strict: true}}));
			fs.writeFileSync(path.join(directory, 'source/store/database.ts'), 'export const database = 1;\n');
			fs.writeFileSync(path.join(directory, 'source/ui/app.ts'), 'import {database} from \'../store/database.js\';\nexport const app = database;\n');
			const run = spawnSync(process.execPath, [depcruise, 'source', '--config', configPath], {cwd: directory, encoding: 'utf8'});
			expect(run.status).not.toBe(0);
			expect(run.stdout).toContain('error ui: source/ui/app.ts → source/store/database.ts');
		} finally {
			fs.rmSync(directory, {recursive: true, force: true});
		}
	});

});
