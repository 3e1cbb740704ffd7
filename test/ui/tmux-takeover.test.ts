import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture, startServe, temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';
import {freePort} from '../helpers/ports.js';

/**
 * A monitor must never go quiet: a viewer whose writer quits or dies takes over the receiver on the
 * writer's port; a live screen started while the port is still being let go of waits for it; a taken
 * gRPC port costs gRPC only.
 */
const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const SIZE = {columns: 100, rows: 30};

async function holdPort(port = 0): Promise<net.Server> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
	return server;
}

function watchIn(args: string[]) {
	return startTmux(`env -u CI ${process.execPath} ${CLI_PATH} ${args.join(' ')}`, SIZE);
}

function lastLine(screen: string): string {
	return screen.trimEnd().split('\n').at(-1) ?? '';
}

describe.skipIf(!HAS_TMUX)('the live screen takes over receiving', () => {
	test.each(['SIGTERM', 'SIGKILL'] as const)('a viewer whose writer goes (%s) receives on its port; a posted capture gets 200 and shows up', async signal => {
		const port = await freePort();
		const db = path.join(directory, `takeover-${signal}.db`);
		const writer = await startServe(['--grpc-port', '0', '--db', db], {port});
		const viewer = watchIn(['--port', String(port), '--grpc-port', '0', '--db', db]);
		try {
			await postCapture(writer.url, loadCapture('exec-tool'));
			await waitForScreen(viewer.capture, text => lastLine(text).includes(`viewer (read-only) of 127.0.0.1:${port}`));
			await writer.stop(signal);
			const screen = await waitForScreen(viewer.capture, text => lastLine(text).includes('took over: receiving here now'));
			expect(lastLine(screen)).toMatch(new RegExp(`^ ● 127\\.0\\.0\\.1:${port} req 0 stored 0 `));
			// Codex's next export lands: 200 from the viewer-turned-writer, and the session on its screen.
			await postCapture(`http://127.0.0.1:${port}`, loadCapture('tui-session'));
			const after = await waitForScreen(viewer.capture, text => /req \d+ stored \d+/.test(lastLine(text)) && !/req 0 /.test(lastLine(text)) && text.includes('echo loop'));
			expect(lastLine(after)).toMatch(/errors 0/);
			expect(viewer.isAlive()).toBe(true);
		} finally {
			viewer.kill();
			if (writer.process.exitCode === null && writer.process.signalCode === null) {
				await writer.stop('SIGKILL');
			}
		}
	});

	test('started while the port is still held (the old codexmon exiting), it waits for the port instead of failing', async () => {
		const holder = await holdPort();
		const {port} = holder.address() as net.AddressInfo;
		const terminal = watchIn(['--port', String(port), '--no-grpc', '--db', path.join(directory, 'restart.db')]);
		try {
			await new Promise(resolve => {
				setTimeout(resolve, 800);
			});
			await new Promise(resolve => holder.close(resolve));
			const screen = await waitForScreen(terminal.capture, text => lastLine(text).includes(`● 127.0.0.1:${port}`));
			expect(screen).toContain('Waiting for Codex');
			await postCapture(`http://127.0.0.1:${port}`, loadCapture('exec-tool'));
			await waitForScreen(terminal.capture, text => !/req 0 /.test(lastLine(text)));
		} finally {
			terminal.kill();
			holder.close();
		}
	});

	test('a taken gRPC port: the status line says so and OTLP/HTTP receives', async () => {
		const holder = await holdPort();
		const {port: grpcPort} = holder.address() as net.AddressInfo;
		const terminal = watchIn(['--port', '0', '--grpc-port', String(grpcPort), '--db', path.join(directory, 'grpc-taken.db')]);
		try {
			const screen = await waitForScreen(terminal.capture, text => /● 127\.0\.0\.1:\d+/.test(lastLine(text)));
			expect(lastLine(screen)).toContain(`⚠ no gRPC: port ${grpcPort} taken, HTTP only`);
			const port = Number(/127\.0\.0\.1:(\d+)/.exec(lastLine(screen))![1]);
			await postCapture(`http://127.0.0.1:${port}`, loadCapture('exec-tool'));
			await waitForScreen(terminal.capture, text => !/req 0 /.test(lastLine(text)));
		} finally {
			terminal.kill();
			holder.close();
		}
	});
});
