// Edits the bundle makes to five files of its dependencies as it reads them (esbuild onLoad), each checked: if a new
// version no longer has the text, the build fails instead of shipping an unpatched file. Tests apply them too.
// The patched packages are pinned exactly in package.json (devDependencies, and overrides for Ink's own two):
//
// | package@version                | file                                  | what, why (figure)                                                    |
// |--------------------------------|---------------------------------------|-----------------------------------------------------------------------|
// | yoga-layout@3.2.1              | dist/binaries/yoga-wasm-base64-esm.js | instantiate the inlined wasm synchronously, never fetch() it: a CJS   |
// |                                | dist/src/index.js                     | bundle cannot await, and fetch() loads undici (~75 ms of a start)     |
// | ink@6.8.0                      | build/reconciler.js                   | drop the DEV=true-only awaits (DevTools hook, package.json): no TLA   |
// | ink@6.8.0                      | build/output.js                       | keep the line token/width caches across frames: scroll redraw p50     |
// |                                |                                       | 22 -> 13-15 ms, p99 58 -> 40 ms (bench big-session)                   |
// | @alcalzone/ansi-tokenize@0.2.5 | build/styledChars.js                  | skip the style diff between equally styled cells: first frame ~35 ms  |
// |                                |                                       | sooner                                                                |
import fs from 'node:fs';

/** Replaces `from` (which must be there: a changed dependency fails the build, not the user) with `to`. */
function patch(file, text, from, to) {
	if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) {
		throw new Error(`bundle: ${file} no longer contains ${from}; update source/build/bundle-patches.mjs`);
	}

	return text.replace(from, to);
}

const patchLoad = (filter, edit) => ({filter, edit});

/**
 * A CommonJS bundle cannot have top-level await, and three dependencies use it:
 * - Yoga instantiates its inlined wasm asynchronously. Node compiles wasm synchronously as well, so it is
 *   handed the data URL and instantiated at once. Its loader would also fetch() that data: URL whenever fetch
 *   exists, and the first fetch() loads Node's whole undici (~75 ms of a start).
 * - Ink awaits its React DevTools hook and package.json only when DEV=true, a mode for Ink's own developers.
 */
const syncModules = [
	patchLoad(/yoga-wasm-base64-esm\.js$/, (file, text) => patch(file, text.replaceAll('"function"!=typeof fetch', 'true'), /return h\.instantiateWasm\(d,\s*a\)/, 'return h.instantiateWasm(d,a,H)')),
	patchLoad(/yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/, (file, text) => patch(file, text, 'const Yoga = wrapAssembly(await loadYoga());', `const yogaModule = {
	instantiateWasm(imports, receive, dataUrl) {
		const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
		const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
		receive(instance);
		return instance.exports;
	},
};
loadYoga(yogaModule);
const Yoga = wrapAssembly(yogaModule);`)),
	patchLoad(/ink[\\/]build[\\/]reconciler\.js$/, (file, text) => patch(file, patch(file, text, 'await import(\'./devtools.js\')', 'void 0'), 'await loadPackageJson()', '{name: undefined, version: undefined}')),
];

/**
 * Ink caches each line's tokens and widths for one frame only (a new Output per render), so every frame
 * re-tokenises every line of the screen, most of them unchanged. These caches live across frames, keyed by
 * the line's text (so a scrolled row still hits), and are dropped whole once they hold more than a few
 * screens' worth. The cached characters are never mutated by Ink.
 */
const inkCachesAcrossFrames = patchLoad(/ink[\\/]build[\\/]output\.js$/, (file, text) => `${patch(file, text, 'caches = new OutputCaches();', 'caches = sharedOutputCaches();')}
let outputCaches;
function sharedOutputCaches() {
	if (outputCaches === undefined || outputCaches.styledChars.size > 500 || outputCaches.widths.size > 5000 || outputCaches.blockWidths.size > 5000) {
		outputCaches = new OutputCaches();
	}

	return outputCaches;
}
`);

/**
 * Ink turns each screen row back into a string through @alcalzone/ansi-tokenize, which diffs the styles of
 * every pair of neighbouring cells (three Sets each), 4,800 times for a 120x40 screen, even where both are
 * unstyled or styled alike. Equal styles diff to nothing, so that case now skips the diff: the same string,
 * and the first frame, still run by V8's interpreter, ~35 ms sooner.
 */
const sameStylesWithoutDiff = patchLoad(/ansi-tokenize[\\/]build[\\/]styledChars\.js$/, (file, text) => `${patch(file, patch(file, text,
	'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
	'ret += sameStyles(chars[i - 1].styles, char.styles) ? "" : ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));'),
	'ret += ansiCodesToString(diffAnsiCodes(char.styles, []));',
	'ret += char.styles.length === 0 ? "" : ansiCodesToString(diffAnsiCodes(char.styles, []));')}
function sameStyles(from, to) {
	if (from.length !== to.length) {
		return false;
	}

	for (let index = 0; index < from.length; index++) {
		if (from[index].code !== to[index].code || from[index].endCode !== to[index].endCode) {
			return false;
		}
	}

	return true;
}
`);

/** All of them, in the order they are applied. */
export const BUNDLE_PATCHES = [...syncModules, inkCachesAcrossFrames, sameStylesWithoutDiff];

/** A dependency's file as it goes into the bundle. */
export function patchedSource(file) {
	const text = fs.readFileSync(file, 'utf8');
	const found = BUNDLE_PATCHES.find(({filter}) => filter.test(file));
	return found ? found.edit(file, text) : text;
}
