import type {Signal} from '../otlp/signal.js';

/** Where forwarded requests go: an OTLP/HTTP base URL, or an OTLP/gRPC address. */
export type ForwardTarget =
	| {kind: 'http'; url: string; base: string}
	| {kind: 'grpc'; url: string; address: string; tls: boolean};

export class ForwardTargetError extends Error {
	override name = 'ForwardTargetError';
}

const SIGNAL_SUFFIX = /\/v1\/(?:logs|traces|metrics)\/?$/;

/**
 * `http(s)://host:port[/prefix]` forwards over OTLP/HTTP to `<prefix>/v1/<signal>` (a URL already ending
 * in /v1/<signal> is taken as its prefix); `grpc://host:port` (or `grpcs://` for TLS) over OTLP/gRPC.
 */
export function parseForwardTarget(text: string): ForwardTarget {
	let url: URL;
	try {
		url = new URL(text.trim());
	} catch {
		throw new ForwardTargetError(`--forward "${text}" is not a URL (e.g. http://collector:4318 or grpc://collector:4317)`);
	}

	if (url.protocol === 'http:' || url.protocol === 'https:') {
		const path = url.pathname.replace(SIGNAL_SUFFIX, '').replace(/\/+$/, '');
		return {kind: 'http', url: text.trim(), base: `${url.protocol}//${url.host}${path}`};
	}

	if (url.protocol === 'grpc:' || url.protocol === 'grpcs:') {
		if (url.hostname === '') {
			throw new ForwardTargetError(`--forward "${text}" has no host`);
		}

		const tls = url.protocol === 'grpcs:';
		return {kind: 'grpc', url: text.trim(), address: `${url.hostname}:${url.port || (tls ? 443 : 4317)}`, tls};
	}

	throw new ForwardTargetError(`--forward "${text}": use http://, https:// (OTLP/HTTP), grpc:// or grpcs:// (OTLP/gRPC)`);
}

export function httpSignalUrl(target: Extract<ForwardTarget, {kind: 'http'}>, signal: Signal): string {
	return `${target.base}/v1/${signal}`;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1', '0.0.0.0']);

/** Whether a target is this receiver's own OTLP/HTTP or OTLP/gRPC port. */
export function targetsReceiver(target: ForwardTarget, receiver: {host: string; port: number; grpcPort: number | undefined}): boolean {
	const url = new URL(target.kind === 'http' ? target.base : `grpc://${target.address}`);
	const sameHost = url.hostname === receiver.host || url.hostname === `[${receiver.host}]` || (LOOPBACK.has(url.hostname) && (LOOPBACK.has(receiver.host) || receiver.host === '::'));
	const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
	const own = target.kind === 'http' ? receiver.port : receiver.grpcPort;
	return sameHost && own !== undefined && own !== 0 && port === own;
}
