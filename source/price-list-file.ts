import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ModelPrice} from './model/price-table.js';

/** A fetched price list as cached: where from, when, and the OpenAI models' prices (USD per million tokens). */
export type PriceList = {source: string; fetchedAt: string; prices: Record<string, ModelPrice>};

/**
 * `$CODEXMON_PRICE_LIST`, else `$XDG_CACHE_HOME/codexmon/prices.json` (`~/.cache/…`): written by
 * `codexmon prices update`, read at every start (a small file), never fetched then.
 */
export function priceListPath(env: NodeJS.ProcessEnv = process.env): string {
	if (env.CODEXMON_PRICE_LIST) {
		return path.resolve(env.CODEXMON_PRICE_LIST);
	}

	const cacheHome = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME ?? os.homedir(), '.cache');
	return path.join(cacheHome, 'codexmon', 'prices.json');
}

/**
 * The cached list, or undefined when there is none. One that cannot be read or is not a list is also
 * undefined (the built-in table is used): a start never fails for a cache; `codexmon prices` says what is wrong.
 */
export function readPriceList(file: string): PriceList | undefined {
	return inspectPriceList(file).list;
}

export function inspectPriceList(file: string): {list?: PriceList; problem?: string} {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ENOENT' ? {} : {problem: `cannot read ${file}: ${(error as Error).message}`};
	}

	try {
		const parsed = JSON.parse(text) as Partial<PriceList>;
		if (typeof parsed.source !== 'string' || typeof parsed.fetchedAt !== 'string' || typeof parsed.prices !== 'object' || parsed.prices === null) {
			return {problem: `${file} is not a price list codexmon wrote; run \`codexmon prices update\` again`};
		}

		// Only well-formed entries: a hand-edited list must not price anything NaN.
		const prices = Object.fromEntries(Object.entries(parsed.prices).filter(([, price]) => isRates(price)));
		return {list: {source: parsed.source, fetchedAt: parsed.fetchedAt, prices}};
	} catch (error) {
		return {problem: `${file} is not valid JSON (${(error as Error).message}); run \`codexmon prices update\` again`};
	}
}

/** Written whole or not at all (a temp file renamed), so a reader never sees half a list. */
export function writePriceList(file: string, list: PriceList): void {
	fs.mkdirSync(path.dirname(file), {recursive: true});
	const temporary = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(temporary, `${JSON.stringify(list, undefined, '\t')}\n`);
	fs.renameSync(temporary, file);
}

function isRates(value: unknown): value is ModelPrice {
	const rates = value as Partial<ModelPrice> | null;
	return typeof rates === 'object' && rates !== null && [rates.input, rates.cachedInput, rates.output].every(rate => typeof rate === 'number' && Number.isFinite(rate) && rate >= 0);
}
