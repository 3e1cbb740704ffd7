import http from 'node:http';

export type HttpResult = {status: number; headers: http.IncomingHttpHeaders; body: Buffer};

/** A raw HTTP request, so tests can send what fetch would refuse (bad lengths, odd methods). */
export async function request(url: string, options: {method?: string; headers?: Record<string, string>; body?: Uint8Array | string; agent?: http.Agent} = {}): Promise<HttpResult> {
	return new Promise((resolve, reject) => {
		const request_ = http.request(url, {method: options.method ?? 'POST', headers: options.headers, agent: options.agent}, response => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				resolve({status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks)});
			});
			response.on('error', reject);
		});
		request_.on('error', reject);
		request_.end(options.body);
	});
}
