#!/usr/bin/env node
import fs from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {applyGcPolicy, runsLiveScreen} from './launch/gc-policy.js';

// React's development build checks every render and logs through console.error over the screen;
// users run the production build. This must be set before React is first imported.
process.env.NODE_ENV ??= 'production';
applyGcPolicy({screen: runsLiveScreen()});

// The build bundles everything into codexmon.cjs beside this file; from source (npm run dev) there is none.
const bundlePath = fileURLToPath(new URL('codexmon.cjs', import.meta.url));
if (process.argv[2] === 'status') {
	// tmux runs `codexmon status` every few seconds: it loads only its own small bundle (source/status/), never
	// the one with Ink, React and gRPC; from source, the modules themselves.
	const statusBundle = fileURLToPath(new URL('codexmon-status.cjs', import.meta.url));
	const {runStatus} = fs.existsSync(statusBundle) ? createRequire(import.meta.url)(statusBundle) as typeof import('./status/run-status.js') : await import('./status/run-status.js');
	process.exitCode = await runStatus(process.argv.slice(3));
} else if (fs.existsSync(bundlePath)) {
	const {runBundle} = await import('./launch/run-bundle.js');
	await runBundle(bundlePath).runCli();
} else {
	const {runCli} = await import('./run-cli.js');
	await runCli();
}
