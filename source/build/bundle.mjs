// Builds dist/ from the sources, afresh: dist/codexmon.cjs is the whole CLI (source/run-cli.tsx with every dependency
// but better-sqlite3), dist/cli.js the small launcher (source/cli.ts) that runs it with V8's code cache
// (source/launch/run-bundle.ts), dist/demo-captures the captures `codexmon demo` plays. Nothing else is shipped.
// One file because Node resolves, reads and links each ES module on its own, and Ink alone brings hundreds
// (es-toolkit/compat, ...): one file starts 2-4x faster. CommonJS because Node 20 can cache compiled code only for a
// vm.Script. better-sqlite3 stays outside (a native addon), and so does Ink's React DevTools hook (only with
// DEV=true). React's production build is chosen at build time. Type checking is tsc's job (`npm run typecheck`).
import fs from 'node:fs';
import {build} from 'esbuild';
import {BUNDLE_PATCHES, patchedSource} from './bundle-patches.mjs';

const OUTFILE = 'dist/codexmon.cjs';

fs.rmSync('dist', {recursive: true, force: true});

await build({
	entryPoints: ['source/run-cli.tsx'],
	outfile: OUTFILE,
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	external: ['better-sqlite3', './devtools.js'],
	define: {'process.env.NODE_ENV': '"production"', 'import.meta.url': '__codexmonImportMetaUrl', 'import.meta': '__codexmonImportMeta'},
	// "use strict" first: the sources are strict ES modules, and a directive after the banner would be a plain string.
	banner: {js: '"use strict"; var __codexmonImportMetaUrl = require("node:url").pathToFileURL(__filename).href; var __codexmonImportMeta = {url: __codexmonImportMetaUrl};'},
	logOverride: {'assign-to-define': 'silent'},
	plugins: [{
		name: 'patch-dependencies',
		setup(build) {
			for (const {filter} of BUNDLE_PATCHES) {
				build.onLoad({filter}, args => ({contents: patchedSource(args.path), loader: 'js'}));
			}
		},
	}],
	logLevel: 'warning',
});

// The launcher: an ES module of a few functions; from source (`npm run dev`) it falls back to ./run-cli.js.
await build({
	entryPoints: ['source/cli.ts'],
	outfile: 'dist/cli.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	external: ['./run-cli.js', './status/run-status.js'],
	logLevel: 'warning',
});

for (const scenario of ['exec-tool', 'exec-loop', 'tui-session']) {
	fs.cpSync(`test/fixtures/codex-0.169.0/${scenario}`, `dist/demo-captures/${scenario}`, {recursive: true, filter: file => !file.includes('rollout')});
}

const nonAscii = fs.readFileSync(OUTFILE).findIndex(byte => byte > 0x7F);
if (nonAscii !== -1) {
	const text = fs.readFileSync(OUTFILE, 'utf8');
	throw new Error(`bundle: ${OUTFILE} must be ASCII (it is read as latin1), but has a non-ASCII character near "${text.slice(Math.max(0, nonAscii - 40), nonAscii + 10)}"; write it as a \\u escape`);
}

// `codexmon status`, which tmux runs every few seconds, has a small bundle of its own (source/status/: no Ink,
// React, gRPC or meow; better-sqlite3 only when no receiver answers): one file instead of a dozen ES modules
// read and linked one by one, ~15 % of its start (A/B against the ES modules on this machine).
await build({
	entryPoints: ['source/status/run-status.ts'],
	outfile: 'dist/codexmon-status.cjs',
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	external: ['better-sqlite3'],
	logLevel: 'warning',
});
