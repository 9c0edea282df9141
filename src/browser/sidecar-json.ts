/**
 * A model's `litecam.json` sidecar (see src/engines/sidecar.ts) read from what the page has: a fetched or
 * opened JSON text, with labels inline or in a text file next to it.
 */
import { parseLabels, parseSidecarObject, sidecarFromObject, type Sidecar } from '../engines/sidecar-format.js';

export { parseLabels } from '../engines/sidecar-format.js';

/** Parse a sidecar's text; `readText` fetches a labels file the sidecar names (relative to the sidecar). */
export async function parseSidecar(text: string, where: string, readText: (name: string) => Promise<string>): Promise<Sidecar> {
  const obj = parseSidecarObject(text, where);
  const labels = typeof obj.labels === 'string' ? parseLabels(await readText(obj.labels)) : obj.labels;
  return sidecarFromObject(obj, labels, where);
}
