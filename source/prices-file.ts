import fs from 'node:fs';
import path from 'node:path';
import {parse as parseToml} from 'smol-toml';
import type {PriceOverrides} from './model/price-book.js';
import type {ModelPrice} from './model/price-table.js';

export class PricesFileError extends Error {
	override name = 'PricesFileError';
}

/**
 * Reads price overrides: per model `input`, `cached_input` and `output` in USD per million tokens,
 * and an optional `aliases` table, from TOML (the same shape as the config file's `[prices]` section)
 * or JSON.
 *
 *   ["gpt-5.1-codex"]
 *   input = 1.25
 *   cached_input = 0.125
 *   output = 10
 *
 *   [aliases]
 *   "my-deployment" = "gpt-5.1-codex"
 */
export function readPricesFile(file: string): PriceOverrides {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		throw new PricesFileError(`cannot read prices file ${file}: ${(error as Error).message}`);
	}

	let parsed: unknown;
	try {
		parsed = path.extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseToml(text);
	} catch (error) {
		throw new PricesFileError(`prices file ${file} is not valid ${path.extname(file).toLowerCase() === '.json' ? 'JSON' : 'TOML'}: ${(error as Error).message}`);
	}

	return parsePriceOverrides(parsed, file);
}

/** Validates a `[prices]` table (from a prices file or the config file), naming the bad key. */
export function parsePriceOverrides(value: unknown, where: string): PriceOverrides {
	if (!isTable(value)) {
		throw new PricesFileError(`${where}: prices must be a table of models`);
	}

	const prices: Record<string, ModelPrice> = {};
	const aliases: Record<string, string> = {};
	for (const [key, entry] of Object.entries(value)) {
		if (key === 'aliases') {
			if (!isTable(entry)) {
				throw new PricesFileError(`${where}: aliases must be a table of "alias" = "model"`);
			}

			for (const [alias, target] of Object.entries(entry)) {
				if (typeof target !== 'string' || target === '') {
					throw new PricesFileError(`${where}: aliases.${alias} must name a model`);
				}

				aliases[alias] = target;
			}

			continue;
		}

		if (!isTable(entry)) {
			throw new PricesFileError(`${where}: ${key} must be a table with input, cached_input and output`);
		}

		const read = (field: string, fallback?: number) => {
			const number = entry[field] ?? fallback;
			if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
				throw new PricesFileError(`${where}: ${key}.${field} must be a non-negative number (USD per million tokens)`);
			}

			return number;
		};

		const input = read('input');
		prices[key] = {input, cachedInput: read('cached_input', input), output: read('output')};
	}

	return {prices, aliases};
}

function isTable(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
