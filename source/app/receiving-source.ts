import type {Config} from '../config.js';
import {createLiveSource} from './live-source.js';
import type {ViewSource} from '../hub/view-source.js';
import {createEngine} from './create-engine.js';
import {exposureWarning} from './exposure-warning.js';
import type {Receiving} from './start-receiving.js';

/** What the status line says about gRPC when its port was taken (the receiver runs HTTP-only). */
export function grpcNotice(config: Config, receiving: Receiving): string | undefined {
	return receiving.grpcWarning ? `no gRPC: port ${config.grpcPort} taken, HTTP only` : undefined;
}

/** The live screens' source for a receiver this process runs; `notice` is said on the status line besides gRPC's. */
export function receivingSource(config: Config, receiving: Receiving, notice?: string): ViewSource {
	const {hub, db, address} = receiving;
	const notices = [notice, grpcNotice(config, receiving)].filter(Boolean).join('; ');
	return createLiveSource({
		hub,
		db,
		prices: config.prices,
		createEngine: () => createEngine(config),
		mode: 'live',
		address: `${address.address}:${address.port}`,
		dbPath: config.dbPath,
		warning: exposureWarning(config),
		notice: notices || undefined,
	});
}
