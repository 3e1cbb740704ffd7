import type {ReceiverStatus} from '../../source/status/receiver-status.js';
import {request} from './http.js';

/** A running codexmon's counters, from GET /codexmon/status. */
export async function receiverStatus(url: string, token?: string): Promise<ReceiverStatus> {
	const result = await request(`${url}/codexmon/status`, {method: 'GET', headers: token ? {authorization: `Bearer ${token}`} : {}});
	if (result.status !== 200) {
		throw new Error(`status: ${result.status} ${result.body.toString()}`);
	}

	return JSON.parse(result.body.toString('utf8')) as ReceiverStatus;
}
