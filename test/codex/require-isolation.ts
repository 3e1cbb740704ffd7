import {onlyLoopback} from './network-namespace.js';

/** Refuses to start Codex where it could reach a real network: these tests run only through run.ts. */
export default function requireIsolation(): void {
	if (!onlyLoopback()) {
		throw new Error('the Codex end-to-end tests run only inside a loopback-only network namespace: use `npm run test:codex`');
	}
}
