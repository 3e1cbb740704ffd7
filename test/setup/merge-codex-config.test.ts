import {parse as parseToml} from 'smol-toml';
import {describe, expect, test} from 'vitest';
import {mergeOtelBlock} from '../../source/setup/merge-codex-config.js';
import {BLOCK_BEGIN, BLOCK_END, renderOtelBlock} from '../../source/model/otel-block.js';

const block = renderOtelBlock({host: '127.0.0.1', port: 4318});
const USER_CONFIG = `# my codex settings
model = "gpt-5.1-codex"  # the one I like
approval_policy = "on-request"

[projects."/home/me/repo"]
trust_level = "trusted"

[tui]
notifications = true   # keep me posted
`;

const outsideBlock = (text: string) => text.slice(0, text.indexOf(BLOCK_BEGIN)).trimEnd() + text.slice(text.indexOf(BLOCK_END) + BLOCK_END.length).trimEnd();

type Exporters = {otel: Record<string, {'otlp-http': {endpoint: string; protocol: string}}>};

describe('merging codexmon\'s [otel] block into a Codex config', () => {
	test('adds all three exporters, leaves every other line and comment as it was', () => {
		const result = mergeOtelBlock(USER_CONFIG, block);
		expect(result.status).toBe('added');
		const text = (result as {text: string}).text;
		expect(outsideBlock(text)).toBe(USER_CONFIG.trimEnd());
		const parsed = parseToml(text) as unknown as Exporters & {model: string; tui: {notifications: boolean}};
		expect(parsed.model).toBe('gpt-5.1-codex');
		expect(parsed.tui.notifications).toBe(true);
		expect(parsed.otel.exporter!['otlp-http']).toEqual({endpoint: 'http://127.0.0.1:4318/v1/logs', protocol: 'binary'});
		expect(parsed.otel.trace_exporter!['otlp-http'].endpoint).toBe('http://127.0.0.1:4318/v1/traces');
		expect(parsed.otel.metrics_exporter!['otlp-http'].endpoint).toBe('http://127.0.0.1:4318/v1/metrics');
	});

	test('is idempotent, and replaces its own block when the port changes', () => {
		const once = (mergeOtelBlock(USER_CONFIG, block) as {text: string}).text;
		expect(mergeOtelBlock(once, block)).toEqual({status: 'unchanged', text: once});
		const moved = mergeOtelBlock(once, renderOtelBlock({host: '127.0.0.1', port: 14_318}));
		expect(moved.status).toBe('replaced');
		const text = (moved as {text: string}).text;
		expect(text.split(BLOCK_BEGIN)).toHaveLength(2);
		expect(outsideBlock(text)).toBe(USER_CONFIG.trimEnd());
		expect((parseToml(text) as unknown as Exporters).otel.exporter!['otlp-http'].endpoint).toBe('http://127.0.0.1:14318/v1/logs');
	});

	test('an empty or missing file gets just the block', () => {
		const result = mergeOtelBlock('', block) as {status: string; text: string};
		expect(result.status).toBe('added');
		expect(result.text).toBe(block);
	});

	test('an [otel] section it did not write is a conflict that shows it, unless forced', () => {
		const foreign = `${USER_CONFIG}\n[otel]\nenvironment = "prod"\n\n[otel.exporter.otlp-http]\nendpoint = "https://collector.example/v1/logs"\n\n[history]\npersistence = "none"\n`;
		const conflict = mergeOtelBlock(foreign, block);
		expect(conflict.status).toBe('conflict');
		expect((conflict as {existing: string}).existing).toContain('https://collector.example/v1/logs');
		const forced = mergeOtelBlock(foreign, block, {force: true}) as {status: string; text: string};
		expect(forced.status).toBe('replaced');
		expect(forced.text).not.toContain('collector.example');
		expect((parseToml(forced.text) as {history: {persistence: string}}).history.persistence).toBe('none');
		expect(forced.text).toContain('# keep me posted');
	});

	test('otel settings as dotted keys cannot be merged safely, even forced', () => {
		const dotted = 'otel.log_user_prompt = true\nmodel = "o3"\n';
		expect(mergeOtelBlock(dotted, block, {force: true}).status).toBe('conflict');
	});

	test('invalid TOML is refused, and CRLF line endings are kept', () => {
		expect(mergeOtelBlock('model = \n', block).status).toBe('conflict');
		const crlf = (mergeOtelBlock('model = "o3"\r\n[tui]\r\nx = 1\r\n', block) as {text: string}).text;
		expect(crlf.startsWith('model = "o3"\r\n[tui]\r\nx = 1\r\n')).toBe(true);
		expect(crlf.split('\n').every(line => line === '' || line.endsWith('\r'))).toBe(true);
	});

	test('a token is sent as an Authorization header by every exporter', () => {
		const parsed = parseToml(renderOtelBlock({host: '127.0.0.1', port: 4318, token: 's3cret'})) as unknown as {otel: Record<string, {'otlp-http': {headers: Record<string, string>}}>};
		for (const key of ['exporter', 'trace_exporter', 'metrics_exporter']) {
			expect(parsed.otel[key]!['otlp-http'].headers).toEqual({Authorization: 'Bearer s3cret'});
		}
	});
});
