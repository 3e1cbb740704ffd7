// Bundles the built CLI (dist/cli.js, from tsc) into that one file: Node resolves, reads and links each
// ES module on its own, and Ink alone brings hundreds (es-toolkit/compat, ...); one file starts 2-4x faster.
// better-sqlite3 stays outside (a native addon), and so does Ink's React DevTools hook (only with DEV=true).
// React's production build is chosen at build time (source/cli.ts chooses it at run time when not bundled).
import fs from 'node:fs';
import {build} from 'esbuild';

/**
 * Yoga's wasm is inlined as base64, yet its Emscripten loader fetch()es that data: URL whenever fetch
 * exists, and the first fetch() loads Node's whole undici (~75 ms of a cold start). Without fetch it
 * decodes the base64 itself. If a newer Yoga no longer has this text, nothing is changed.
 */
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(build) {
		build.onLoad({filter: /yoga-wasm-base64-esm\.js$/}, args => ({
			contents: fs.readFileSync(args.path, 'utf8').replaceAll('"function"!=typeof fetch', 'true'),
			loader: 'js',
		}));
	},
};

await build({
	entryPoints: ['dist/cli.js'],
	outfile: 'dist/cli.js',
	allowOverwrite: true,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	external: ['better-sqlite3', './devtools.js'],
	define: {'process.env.NODE_ENV': '"production"'},
	logOverride: {'assign-to-define': 'silent'},
	// Bundled CommonJS packages (React, protobufjs) call require() for Node's own modules.
	banner: {js: 'import {createRequire as __createRequire} from \'node:module\'; const require = __createRequire(import.meta.url);'},
	plugins: [yogaWithoutFetch],
	logLevel: 'warning',
});
