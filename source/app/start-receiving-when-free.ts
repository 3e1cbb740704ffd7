import type {Config} from '../config.js';
import {PortInUseError} from '../receiver/server.js';
import {startReceiving, type Receiving} from './start-receiving.js';

/** How often a taken port is tried again. */
const RETRY_MS = 200;

/**
 * startReceiving, tried again while the HTTP port is taken for at most `boundMs`: a codexmon restarted in
 * the same pane while the old one is still letting go of its port starts instead of failing. A port still
 * taken after the bound fails with startReceiving's own one-line error.
 */
export async function startReceivingWhenFree(config: Config, boundMs: number): Promise<Receiving> {
	const deadline = Date.now() + boundMs;
	for (;;) {
		try {
			return await startReceiving(config);
		} catch (error) {
			if (!(error instanceof PortInUseError) || Date.now() + RETRY_MS > deadline) {
				throw error;
			}
		}

		await new Promise(resolve => {
			setTimeout(resolve, RETRY_MS);
		});
	}
}
