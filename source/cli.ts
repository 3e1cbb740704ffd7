#!/usr/bin/env node
import module from 'node:module';

// React's development build checks every render and logs through console.error over the screen;
// users run the production build. This must be set before React is first imported.
process.env.NODE_ENV ??= 'production';
// Node 22+ keeps compiled code between runs (in the OS temp dir): a faster start for free; absent on Node 20.
(module as {enableCompileCache?: () => unknown}).enableCompileCache?.();
await import('./run-cli.js');
