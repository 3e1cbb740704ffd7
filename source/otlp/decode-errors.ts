/** A body that is not a valid export request of any signal (answered 400 / INVALID_ARGUMENT). */
export class DecodeError extends Error {
	override name = 'DecodeError';
}

/** A valid-looking body that holds more than one request may (answered 413 / RESOURCE_EXHAUSTED). */
export class TooManyItemsError extends DecodeError {
	override name = 'TooManyItemsError';
}
