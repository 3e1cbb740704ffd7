import net from 'node:net';
import {describeUpstream} from '../forward/forwarding.js';
import {parseForwardTarget} from '../forward/forward-target.js';
import type {ReceiverStatus} from '../status/receiver-status.js';
import type {CheckResult} from './check.js';
import {redactUrl} from '../format/redact-url.js';

const CONNECT_TIMEOUT_MS = 2000;

/**
 * Each upstream collector: the running codexmon's live counts when it forwards, otherwise whether the
 * configured upstream accepts a connection now.
 */
export async function checkForward(urls: readonly string[], running: ReceiverStatus | undefined): Promise<CheckResult[]> {
	if (running && running.forward.length > 0) {
		return running.forward.map(upstream => {
			const trouble = upstream.failing || upstream.dropped > 0 || upstream.failed > 0;
			return {
				name: `Forward ${upstream.url}`,
				status: trouble ? 'warn' as const : 'ok' as const,
				detail: `running codexmon: ${describeUpstream(upstream)}${upstream.failing ? ', retrying' : ''}`,
				...(trouble ? {fix: 'check that the collector is up and accepts the --forward-header credentials'} : {}),
			};
		});
	}

	return Promise.all(urls.map(async url => {
		const target = parseForwardTarget(url);
		const address = target.kind === 'grpc' ? target.address : hostPort(new URL(target.base));
		const error = await tryConnect(address);
		return error
			? {name: `Forward ${redactUrl(url)}`, status: 'warn' as const, detail: `cannot connect to ${address} (${error}); requests wait in the queue and are retried`, fix: 'start the collector, or check the URL'}
			: {name: `Forward ${redactUrl(url)}`, status: 'ok' as const, detail: `${address} accepts connections`};
	}));
}

function hostPort(url: URL): string {
	return `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
}

async function tryConnect(address: string): Promise<string | undefined> {
	const separator = address.lastIndexOf(':');
	const host = address.slice(0, separator).replace(/^\[|\]$/g, '');
	const port = Number(address.slice(separator + 1));
	return new Promise(resolve => {
		const socket = net.connect({host, port, timeout: CONNECT_TIMEOUT_MS});
		socket.once('connect', () => {
			socket.destroy();
			resolve(undefined);
		});
		socket.once('timeout', () => {
			socket.destroy();
			resolve('timed out');
		});
		socket.once('error', (error: NodeJS.ErrnoException) => {
			resolve(error.code ?? error.message);
		});
	});
}
