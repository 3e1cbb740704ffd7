/**
 * A FIFO bounded by the bytes it holds, not by its length: a request that would pass the bound is
 * refused (as the OpenTelemetry Collector's sending queue does), so what is already queued is kept.
 */
export class ByteBoundedQueue<T> {
	#items: Array<{item: T; bytes: number}> = [];
	#head = 0;
	#bytes = 0;
	readonly maxBytes: number;

	constructor(maxBytes: number) {
		this.maxBytes = maxBytes;
	}

	get length(): number {
		return this.#items.length - this.#head;
	}

	get bytes(): number {
		return this.#bytes;
	}

	/** False when the item does not fit. */
	push(item: T, bytes: number): boolean {
		if (this.#bytes + bytes > this.maxBytes) {
			return false;
		}

		this.#items.push({item, bytes});
		this.#bytes += bytes;
		return true;
	}

	peek(): T | undefined {
		return this.#items[this.#head]?.item;
	}

	shift(): T | undefined {
		const entry = this.#items[this.#head];
		if (!entry) {
			return undefined;
		}

		this.#head++;
		this.#bytes -= entry.bytes;
		// Compact now and then, so a long-running queue does not keep its sent prefix.
		if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
			this.#items = this.#items.slice(this.#head);
			this.#head = 0;
		}

		return entry.item;
	}
}
