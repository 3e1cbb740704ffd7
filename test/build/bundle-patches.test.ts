import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {patchedSource} from '../../source/build/bundle-patches.mjs';
import {temporaryDirectory} from '../helpers/cli.js';

type StyledChar = {styles: unknown[]};
type AnsiTokenize = {
	tokenize(text: string): unknown[];
	styledCharsFromTokens(tokens: unknown[]): StyledChar[];
	styledCharsToString(chars: StyledChar[]): string;
};

const buildDirectory = path.dirname(fileURLToPath(import.meta.resolve('@alcalzone/ansi-tokenize')));
const directory = temporaryDirectory();

/** The bundle's version of one of the package's files, importing the rest of the package as installed. */
async function importPatched(file: string): Promise<AnsiTokenize> {
	const source = patchedSource(path.join(buildDirectory, file)).replace(/\/\/# sourceMappingURL=.*$/m, '').replaceAll(/from "\.\/([^"]+)"/g, (_, name: string) => `from "${pathToFileURL(path.join(buildDirectory, name)).href}"`);
	const target = path.join(directory, file);
	fs.writeFileSync(target, source);
	return import(pathToFileURL(target).href) as Promise<AnsiTokenize>;
}

/** A screen row as Ink writes it: text and SGR codes (set, reset, 256 and true colour, intensity) mixed at random. */
function randomRow(random: () => number): string {
	const codes = ['\u001B[1m', '\u001B[2m', '\u001B[22m', '\u001B[31m', '\u001B[39m', '\u001B[38;5;208m', '\u001B[48;2;10;20;30m', '\u001B[49m', '\u001B[7m', '\u001B[27m', '\u001B[4m', '\u001B[24m', '\u001B[0m', '\u001B[1;32m'];
	const characters = [' ', ' ', ' ', 'a', 'Z', '█', '─', '●', '日', '😀'];
	let row = '';
	for (let index = 0; index < 60; index++) {
		row += random() < 0.3 ? codes[Math.floor(random() * codes.length)]! : characters[Math.floor(random() * characters.length)]!;
	}

	return row;
}

afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

describe('the bundle\'s edit of ansi-tokenize (equal neighbouring styles skip the diff)', () => {
	it('turns styled characters into exactly the string the original does', async () => {
		const original = await import('@alcalzone/ansi-tokenize') as unknown as AnsiTokenize;
		const patched = await importPatched('styledChars.js');
		expect(patched.styledCharsToString).not.toBe(original.styledCharsToString);
		let seed = 42;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed / 2_147_483_648;
		};

		const rows = [' '.repeat(80), '\u001B[1mbold\u001B[22m plain', ...Array.from({length: 2000}, () => randomRow(random))];
		for (const row of rows) {
			const characters = original.styledCharsFromTokens(original.tokenize(row));
			expect(patched.styledCharsToString(characters)).toBe(original.styledCharsToString(characters));
		}
	});
});

describe('the build\'s dependency edits', () => {
	it('fail the build, naming the file, when a dependency no longer has the text they replace', () => {
		const moved = path.join(directory, 'ink', 'build', 'output.js');
		fs.mkdirSync(path.dirname(moved), {recursive: true});
		fs.writeFileSync(moved, 'const caches = new OutputCachesRenamed();\n');
		expect(() => patchedSource(moved)).toThrow(/output\.js no longer contains caches = new OutputCaches\(\);/);
	});

	it('each still find their text in the installed (pinned) versions', () => {
		const files = ['yoga-layout/dist/binaries/yoga-wasm-base64-esm.js', 'yoga-layout/dist/src/index.js', 'ink/build/reconciler.js', 'ink/build/output.js', '@alcalzone/ansi-tokenize/build/styledChars.js'];
		for (const file of files) {
			const installed = fileURLToPath(new URL(`../../node_modules/${file}`, import.meta.url));
			expect(patchedSource(installed)).not.toBe(fs.readFileSync(installed, 'utf8'));
		}
	});
});
