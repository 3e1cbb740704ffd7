#!/usr/bin/env node
import fs from 'node:fs';
import {fileURLToPath} from 'node:url';
import {applyGcPolicy} from './launch/gc-policy.js';

// React's development build checks every render and logs through console.error over the screen;
// users run the production build. This must be set before React is first imported.
process.env.NODE_ENV ??= 'production';
applyGcPolicy();

// The build bundles everything into codexmon.cjs beside this file; from source (npm run dev) there is none.
const bundlePath = fileURLToPath(new URL('codexmon.cjs', import.meta.url));
if (process.argv[2] === 'status') {
	// tmux runs `codexmon status` every few seconds: it loads only the few small modules its line needs
	// (source/status/, as tsc built them beside this file), never the bundle with Ink, React and gRPC.
	const {runStatus} = await import('./status/run-status.js');
	process.exitCode = await runStatus(process.argv.slice(3));
} else if (fs.existsSync(bundlePath)) {
	const {runBundle} = await import('./launch/run-bundle.js');
	await runBundle(bundlePath).runCli();
} else {
	const {runCli} = await import('./run-cli.js');
	await runCli();
}
