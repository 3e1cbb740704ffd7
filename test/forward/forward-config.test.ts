import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {resolveConfig, type ConfigFlags} from '../../source/config.js';
import {httpSignalUrl, parseForwardTarget} from '../../source/forward/forward-target.js';
import {startServe, temporaryDirectory} from '../helpers/cli.js';

const directory = temporaryDirectory();
let files = 0;

/** Resolves flags over a config file holding `toml`, with no other environment. */
function configWith(toml: string | undefined, flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = {}) {
	const file = path.join(directory, `config-${++files}.toml`);
	fs.writeFileSync(file, toml ?? '');
	return resolveConfig({...flags, config: file}, {HOME: directory, ...env});
}

describe('the gRPC port', () => {
	test('4317 by default, any free port with --port 0, none with --no-grpc or receiver.grpc = false', () => {
		expect(configWith(undefined).grpcPort).toBe(4317);
		expect(configWith(undefined, {port: 0}).grpcPort).toBe(0);
		expect(configWith(undefined, {grpc: false}).grpcPort).toBeUndefined();
		expect(configWith('[receiver]\ngrpc = false\n').grpcPort).toBeUndefined();
		expect(configWith('[receiver]\ngrpc = false\n', {grpc: true}).grpcPort).toBe(4317);
	});

	test('flags > CODEXMON_GRPC_PORT > receiver.grpc_port', () => {
		expect(configWith('[receiver]\ngrpc_port = 5317\n').grpcPort).toBe(5317);
		expect(configWith('[receiver]\ngrpc_port = 5317\n', {}, {CODEXMON_GRPC_PORT: '6317'}).grpcPort).toBe(6317);
		expect(configWith('[receiver]\ngrpc_port = 5317\n', {grpcPort: 7317}, {CODEXMON_GRPC_PORT: '6317'}).grpcPort).toBe(7317);
	});

	test('receiver.grpc = false in the config file turns gRPC off for the real CLI too', async () => {
		const file = path.join(directory, 'no-grpc.toml');
		fs.writeFileSync(file, '[receiver]\ngrpc = false\n');
		const served = await startServe(['--config', file, '--db', path.join(directory, 'no-grpc.db')]);
		await served.stop();
		expect(served.grpcPort).toBeUndefined();
		expect(served.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(OTLP\/HTTP[^)]*\), db/);
	});
});

describe('forwarding settings', () => {
	test('another port on this machine, or the same port elsewhere, is not this codexmon', () => {
		expect(configWith(undefined, {forward: ['http://127.0.0.1:14318', 'grpc://127.0.0.1:4318', 'http://collector:4318']}).forward.urls).toHaveLength(3);
		expect(configWith(undefined, {port: 0, forward: ['http://127.0.0.1:4318']}).forward.urls).toHaveLength(1);
	});

	test('none by default, with a 64 MiB queue per upstream', () => {
		expect(configWith(undefined).forward).toEqual({urls: [], headers: {}, maxQueueBytes: 64 * 1024 * 1024});
	});

	test('the [forward] section, replaced by CODEXMON_FORWARD, replaced by the flags', () => {
		const file = '[forward]\nurls = ["http://collector:4318", "grpc://collector:4317"]\nheaders = {authorization = "Bearer file"}\nqueue_size = "8MiB"\n';
		expect(configWith(file).forward).toEqual({urls: ['http://collector:4318', 'grpc://collector:4317'], headers: {authorization: 'Bearer file'}, maxQueueBytes: 8 * 1024 * 1024});
		expect(configWith(file, {}, {CODEXMON_FORWARD: 'http://a:4318, http://b:4318'}).forward.urls).toEqual(['http://a:4318', 'http://b:4318']);
		expect(configWith(file, {forward: ['https://otlp.example.com/otlp'], forwardHeader: ['X-Scope-OrgID: team-a', 'Authorization=Basic abc=='], forwardQueue: '512KB'}).forward)
			.toEqual({urls: ['https://otlp.example.com/otlp'], headers: {'x-scope-orgid': 'team-a', authorization: 'Basic abc=='}, maxQueueBytes: 512_000});
	});

	test.each([
		[{forward: ['collector:4318']}, /--forward "collector:4318": use http:\/\/, https:\/\/ \(OTLP\/HTTP\), grpc:\/\/ or grpcs:\/\//],
		[{forward: ['not a url']}, /--forward "not a url" is not a URL/],
		[{forward: ['http://c:4318'], forwardHeader: ['no-value-here']}, /--forward-header must be NAME=VALUE/],
		[{forward: ['http://c:4318'], forwardQueue: 'lots'}, /--forward-queue must be a size like 64MB/],
		[{forward: ['http://localhost:4318/v1/logs']}, /--forward http:\/\/localhost:4318\/v1\/logs points at this codexmon itself/],
		[{forward: ['grpc://127.0.0.1:5317'], grpcPort: 5317}, /points at this codexmon itself/],
	] as Array<[ConfigFlags, RegExp]>)('%o is a clear error', (flags, message) => {
		expect(() => configWith(undefined, flags)).toThrow(message);
	});

	test.each([
		['[forward]\nurls = "http://c:4318"\n', /forward\.urls must be a list of strings/],
		['[forward]\nheaders = {authorization = 1}\n', /forward\.headers must be a table of strings/],
		['[forward]\nurl = ["http://c:4318"]\n', /unknown key forward\.url \(did you mean urls\?\)/],
	])('a config file with %j is a clear error', (toml, message) => {
		expect(() => configWith(toml)).toThrow(message);
	});
});

describe('forward URLs', () => {
	test('an OTLP/HTTP base URL gets /v1/<signal>; one that already names a signal path is taken as its prefix', () => {
		const post = (url: string) => {
			const target = parseForwardTarget(url);
			return target.kind === 'http' ? ['logs', 'traces', 'metrics'].map(signal => httpSignalUrl(target, signal as 'logs')) : [];
		};

		expect(post('http://collector:4318')).toEqual(['http://collector:4318/v1/logs', 'http://collector:4318/v1/traces', 'http://collector:4318/v1/metrics']);
		expect(post('https://otlp.example.com/otlp/')).toEqual(['https://otlp.example.com/otlp/v1/logs', 'https://otlp.example.com/otlp/v1/traces', 'https://otlp.example.com/otlp/v1/metrics']);
		expect(post('http://collector:4318/v1/traces')[0]).toBe('http://collector:4318/v1/logs');
	});

	test('grpc:// is plaintext on 4317 unless a port is given, grpcs:// is TLS', () => {
		expect(parseForwardTarget('grpc://collector')).toMatchObject({kind: 'grpc', address: 'collector:4317', tls: false});
		expect(parseForwardTarget('grpcs://otlp.example.com')).toMatchObject({kind: 'grpc', address: 'otlp.example.com:443', tls: true});
		expect(parseForwardTarget('grpc://[::1]:14317')).toMatchObject({kind: 'grpc', address: '[::1]:14317'});
	});
});
