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
if (fs.existsSync(bundlePath)) {
	const {runBundle} = await import('./launch/run-bundle.js');
	await runBundle(bundlePath).runCli();
} else {
	const {runCli} = await import('./run-cli.js');
	await runCli();
}
