import {timingSafeEqual} from 'node:crypto';
import type {IncomingHttpHeaders} from 'node:http';
import {isIP} from 'node:net';

export type AccessPolicy = {token?: string | undefined};

export type AccessDenied = {status: 401 | 403; message: string; headers?: Record<string, string>};

/**
 * Who may post: never a browser (a web page could otherwise write into a user's history, so any request
 * carrying an Origin, preflights included, is refused and no CORS header is ever sent), and, with a
 * token, only clients that send `Authorization: Bearer <token>` (Codex sends configured headers).
 */
export function checkAccess(headers: IncomingHttpHeaders, policy: AccessPolicy): AccessDenied | undefined {
	if (headers.origin !== undefined) {
		return {status: 403, message: 'requests from browsers (with an Origin header) are refused'};
	}

	if (policy.token === undefined || policy.token === '') {
		return undefined;
	}

	const presented = /^Bearer\s+(.+)$/i.exec(String(headers.authorization ?? '').trim())?.[1] ?? '';
	if (!sameSecret(presented, policy.token)) {
		return {status: 401, message: 'missing or wrong bearer token (send Authorization: Bearer <token>)', headers: {'www-authenticate': 'Bearer'}};
	}

	return undefined;
}

/** Compares in constant time, so the answer's timing does not leak how much of a guess was right. */
export function sameSecret(presented: string, expected: string): boolean {
	const a = Buffer.from(presented);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|localhost)$/i;

/** True when the address can be reached from other machines. */
export function isExposed(host: string): boolean {
	return !LOOPBACK.test(host);
}

/**
 * DNS rebinding: a web page on attacker.example can resolve its own name to 127.0.0.1 and read local
 * answers, but its requests still say `Host: attacker.example`. Answers that reveal anything (the status)
 * need a Host that is an IP literal, `localhost` or the host codexmon was told to listen on.
 */
export function isAllowedHost(hostHeader: string | undefined, configuredHost: string): boolean {
	if (hostHeader === undefined || hostHeader === '') {
		return false;
	}

	const name = hostName(hostHeader).toLowerCase();
	return isIP(name) !== 0 || name === 'localhost' || name === configuredHost.toLowerCase() || name === hostName(configuredHost).toLowerCase();
}

function hostName(host: string): string {
	if (host.startsWith('[')) {
		const end = host.indexOf(']');
		return end === -1 ? host : host.slice(1, end);
	}

	// One colon separates a port; more mean a bare IPv6 address.
	return host.split(':').length === 2 ? host.slice(0, host.indexOf(':')) : host;
}
