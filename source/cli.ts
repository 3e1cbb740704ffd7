#!/usr/bin/env node
// React's development build checks every render and logs through console.error over the screen;
// users run the production build. This must be set before React is first imported.
process.env.NODE_ENV ??= 'production';
await import('./run-cli.js');
