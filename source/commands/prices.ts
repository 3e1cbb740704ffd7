import {resolveConfig} from '../config.js';
import {formatFittedTable, outputWidth, type ColumnSpec} from '../format/fit-table.js';
import {jsonTerminalSafe, terminalSafe} from '../format/terminal-safe.js';
import {redactUrl} from '../format/redact-url.js';
import {PRICES_CHECKED_ON} from '../model/price-table.js';
import {LITELLM_PRICES_URL, pricesFromLiteLlm} from '../model/litellm-prices.js';
import {inspectPriceList, priceListPath, writePriceList} from '../price-list-file.js';
import {UsageError, type Command} from './command.js';

const FETCH_TIMEOUT_MS = 20_000;

/** In a narrow terminal the long-context and priority rates go first (see them whole with `--json` or a pipe). */
const PRICE_COLUMNS: readonly ColumnSpec[] = [
	{title: 'MODEL', cut: {min: 12, from: 'right'}},
	{title: 'INPUT', alignRight: true},
	{title: 'CACHED', alignRight: true},
	{title: 'OUTPUT', alignRight: true},
	{title: 'LONG CONTEXT', drop: 1},
	{title: 'PRIORITY', drop: 2},
	{title: 'FROM'},
];

export const pricesCommand: Command = {
	name: 'prices',
	summary: 'Show the model prices in use, or fetch a current list (prices update)',
	arguments: {most: 1, usage: 'codexmon prices [update] [options]'},
	help: `
	Usage
	  $ codexmon prices [--json]
	  $ codexmon prices update [--url URL]

	Without a sub-command: every priced model, its rates in USD per million
	tokens (input, cached input, output; long-context and priority where known)
	and where they come from: the built-in table (checked ${PRICES_CHECKED_ON}), the
	fetched price list, or your own overrides ([prices] in the config file,
	--prices FILE), which always win.

	update: fetches LiteLLM's public price list (or --url), keeps its OpenAI
	models, and caches them with the date in $XDG_CACHE_HOME/codexmon/prices.json
	(CODEXMON_PRICE_LIST to put it elsewhere). Every later start reads that file;
	nothing is fetched at start, and offline the built-in table is used.

	Options
	  --url     Price list to fetch (LiteLLM's JSON format; default ${LITELLM_PRICES_URL})
	  --json    Print JSON
	  --prices  Price overrides (TOML or JSON, USD per million tokens)

	Examples
	  $ codexmon prices update
	  $ codexmon prices --json
`,
	flags: {
		url: {type: 'string'},
		json: {type: 'boolean'},
		prices: {type: 'string'},
		config: {type: 'string'},
	},
	async run(input, flags) {
		const [action] = input;
		if (action === 'update') {
			return update(typeof flags.url === 'string' ? flags.url : LITELLM_PRICES_URL);
		}

		if (action !== undefined) {
			throw new UsageError(`unknown prices action "${action}"; run \`codexmon prices\` or \`codexmon prices update\``);
		}

		if (flags.url !== undefined) {
			throw new UsageError('--url goes with `codexmon prices update`');
		}

		return show(flags);
	},
};

async function update(url: string): Promise<number> {
	let parsedUrl: URL;
	try {
		parsedUrl = new URL(url);
	} catch {
		throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
	}

	if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') {
		throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
	}

	const shown = redactUrl(url);
	const file = priceListPath();
	const keeping = inspectPriceList(file).list ? `the price list fetched before (${file})` : `the built-in table (checked ${PRICES_CHECKED_ON})`;
	let list: unknown;
	try {
		const response = await fetch(url, {signal: AbortSignal.timeout(FETCH_TIMEOUT_MS)});
		if (!response.ok) {
			throw new Error(`HTTP ${response.status}`);
		}

		list = await response.json();
	} catch (error) {
		const cause = (error as {cause?: {message?: string}}).cause?.message;
		process.stderr.write(`codexmon: cannot fetch prices from ${shown}: ${(error as Error).message}${cause ? ` (${cause})` : ''}; keeping ${keeping}\n`);
		return 1;
	}

	let prices;
	try {
		prices = pricesFromLiteLlm(list);
	} catch (error) {
		process.stderr.write(`codexmon: ${shown} is ${(error as Error).message}; keeping ${keeping}\n`);
		return 1;
	}

	const count = Object.keys(prices).length;
	if (count === 0) {
		process.stderr.write(`codexmon: ${shown} lists no OpenAI model prices; keeping ${keeping}\n`);
		return 1;
	}

	const fetchedAt = new Date().toISOString();
	try {
		writePriceList(file, {source: shown, fetchedAt, prices});
	} catch (error) {
		throw new UsageError(`cannot write the price list to ${file}: ${(error as Error).message}`);
	}

	process.stdout.write(terminalSafe(`Fetched ${count} OpenAI model prices from ${shown} on ${fetchedAt.slice(0, 10)}; cached in ${file}\n`));
	return 0;
}

function show(flags: Record<string, unknown>): number {
	const config = resolveConfig(flags);
	const file = priceListPath();
	const {list, problem} = inspectPriceList(file);
	if (problem) {
		process.stderr.write(`codexmon: ${problem}\n`);
	}

	const entries = config.prices.entries();
	if (flags.json === true) {
		process.stdout.write(`${jsonTerminalSafe(JSON.stringify({
			builtInCheckedOn: PRICES_CHECKED_ON,
			priceList: list ? {file, source: list.source, fetchedAt: list.fetchedAt} : null,
			models: entries.map(({model, price, origin}) => ({model, origin, ...price})),
		}, undefined, 2))}\n`);
		return 0;
	}

	const rate = (value: number | undefined) => value === undefined ? '-' : `$${value}`;
	const rows = [
		PRICE_COLUMNS.map(({title}) => title),
		...entries.map(({model, price, origin}) => [
			model,
			rate(price.input),
			rate(price.cachedInput),
			rate(price.output),
			price.longContext ? `>${price.longContext.aboveInputTokens / 1000}k: ${rate(price.longContext.input)}/${rate(price.longContext.output)}` : '-',
			price.priority ? `${rate(price.priority.input)}/${rate(price.priority.output)}` : '-',
			origin,
		]),
	];
	const listLine = list ? `Price list: ${list.source}, fetched ${list.fetchedAt.slice(0, 10)} (${file}).` : 'No price list fetched: `codexmon prices update` gets a current one.';
	process.stdout.write(terminalSafe(`${formatFittedTable(PRICE_COLUMNS, rows, outputWidth())}USD per million tokens. Built-in table checked ${PRICES_CHECKED_ON}.\n${listLine}\n`));
	return 0;
}
