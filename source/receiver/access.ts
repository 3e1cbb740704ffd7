import {timingSafeEqual} from 'node:crypto';
import type {IncomingHttpHeaders} from 'node:http';

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
