// Bundles the built CLI (dist/run-cli.js, from tsc) into dist/codexmon.cjs, which dist/cli.js runs with V8's
// code cache (source/launch/run-bundle.ts). Node resolves, reads and links each ES module on its own, and Ink
// alone brings hundreds (es-toolkit/compat, ...): one file starts 2-4x faster. CommonJS because Node 20 can
// cache compiled code only for a vm.Script. better-sqlite3 stays outside (a native addon), and so does Ink's
// React DevTools hook (only with DEV=true). React's production build is chosen at build time.
import fs from 'node:fs';
import {build} from 'esbuild';

const OUTFILE = 'dist/codexmon.cjs';

/** Replaces `from` (which must be there: a changed dependency fails the build, not the user) with `to`. */
function patch(file, text, from, to) {
	if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) {
		throw new Error(`bundle: ${file} no longer contains ${from}; update source/build/bundle.mjs`);
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

await build({
	entryPoints: ['dist/run-cli.js'],
	outfile: OUTFILE,
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	external: ['better-sqlite3', './devtools.js'],
	define: {'process.env.NODE_ENV': '"production"', 'import.meta.url': '__codexmonImportMetaUrl', 'import.meta': '__codexmonImportMeta'},
	banner: {js: 'var __codexmonImportMetaUrl = require("node:url").pathToFileURL(__filename).href; var __codexmonImportMeta = {url: __codexmonImportMetaUrl};'},
	logOverride: {'assign-to-define': 'silent'},
	plugins: [{
		name: 'sync-modules',
		setup(build) {
			for (const {filter, edit} of [...syncModules, inkCachesAcrossFrames]) {
				build.onLoad({filter}, args => ({contents: edit(args.path, fs.readFileSync(args.path, 'utf8')), loader: 'js'}));
			}
		},
	}],
	logLevel: 'warning',
});

const nonAscii = fs.readFileSync(OUTFILE).findIndex(byte => byte > 0x7F);
if (nonAscii !== -1) {
	const text = fs.readFileSync(OUTFILE, 'utf8');
	throw new Error(`bundle: ${OUTFILE} must be ASCII (it is read as latin1), but has a non-ASCII character near "${text.slice(Math.max(0, nonAscii - 40), nonAscii + 10)}"; write it as a \\u escape`);
}
