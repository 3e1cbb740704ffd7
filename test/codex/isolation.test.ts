import net from 'node:net';
import os from 'node:os';
import {expect, test} from 'vitest';

async function connectError(host: string, port: number): Promise<string> {
	return new Promise(resolve => {
		const socket = net.connect({host, port, timeout: 5000});
		socket.once('connect', () => {
			socket.destroy();
			resolve('connected');
		});
		socket.once('timeout', () => {
			socket.destroy();
			resolve('timeout');
		});
		socket.once('error', (error: NodeJS.ErrnoException) => {
			resolve(error.code ?? error.message);
		});
	});
}

test('the suite runs where only the loopback exists: no route to any other address', async () => {
	const interfaces = os.networkInterfaces();
	expect(Object.keys(interfaces)).toEqual(['lo']);
	expect(await connectError('1.1.1.1', 443)).toBe('ENETUNREACH');
	expect(await connectError('8.8.8.8', 53)).toBe('ENETUNREACH');
	// The loopback itself is up: a local listener is reachable.
	const server = net.createServer(socket => socket.end());
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	expect(await connectError('127.0.0.1', (server.address() as net.AddressInfo).port)).toBe('connected');
	server.close();
});
