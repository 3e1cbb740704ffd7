import {afterEach, describe, expect, test} from 'vitest';
import {createGrpcReceiver, type GrpcReceiver} from '../../source/receiver/grpc-server.js';
import type {Consume} from '../../source/receiver/handle-export.js';
import {loadCapture} from '../helpers/captures.js';
import {sdkTransport} from '../helpers/sdk-grpc.js';

const logs = loadCapture('exec-tool').find(request => request.signal === 'logs')!;
let receiver: GrpcReceiver | undefined;
const rejected: Array<[number, string]> = [];

async function start(consume: Consume, maxMessageBytes = 1 << 20): Promise<number> {
	receiver = createGrpcReceiver({host: '127.0.0.1', port: 0, maxMessageBytes, consume, onRejected: (status, message) => rejected.push([status, message])});
	return receiver.start();
}

afterEach(async () => {
	await receiver?.close();
	rejected.length = 0;
});

describe('the OTLP/gRPC receiver', () => {
	test('answers only once the request is committed, with the decoded signal and the uncompressed message', async () => {
		let commit!: () => void;
		const consumed: Array<{signal: string; bytes: number; encoding: string}> = [];
		const port = await start(async (exported, body, _receivedMs, encoding) => {
			consumed.push({signal: exported.signal, bytes: body.byteLength, encoding});
			await new Promise<void>(resolve => {
				commit = resolve;
			});
		});
		const transport = sdkTransport(port, 'logs');
		let answered = false;
		const sent = transport.send(logs.body, 5000).then(result => {
			answered = true;
			return result;
		});
		await expect.poll(() => consumed.length).toBe(1);
		expect(consumed[0]).toEqual({signal: 'logs', bytes: logs.body.byteLength, encoding: 'protobuf'});
		// The store has not committed: no answer yet, however long that takes.
		await new Promise(resolve => {
			setTimeout(resolve, 200);
		});
		expect(answered).toBe(false);
		commit();
		expect((await sent).status).toBe('success');
		transport.shutdown();
	});

	test('a store failure is UNAVAILABLE, so the exporter retries', async () => {
		const port = await start(() => {
			throw new Error('disk I/O error');
		});
		const transport = sdkTransport(port, 'logs');
		const result = await transport.send(logs.body, 5000);
		transport.shutdown();
		expect(result.error?.code).toBe(14);
		expect(result.error?.message).toMatch(/cannot store the request: disk I\/O error/);
		expect(rejected).toEqual([[503, 'cannot store the request: disk I/O error']]);
	});

	test('a message over the limit, even gzipped small, is RESOURCE_EXHAUSTED and never consumed', async () => {
		let consumed = 0;
		const port = await start(() => {
			consumed++;
		}, 4096);
		const transport = sdkTransport(port, 'logs');
		// The SDK transport gzips: the frame is small, the message it decompresses to is not.
		const result = await transport.send(Buffer.concat([logs.body, Buffer.alloc(64 * 1024)]), 5000);
		transport.shutdown();
		expect(result.error?.code).toBe(8);
		expect(consumed).toBe(0);
	});
});
