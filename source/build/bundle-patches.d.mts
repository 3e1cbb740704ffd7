export type BundlePatch = {filter: RegExp; edit(file: string, text: string): string};
export const BUNDLE_PATCHES: BundlePatch[];
export function patchedSource(file: string): string;
