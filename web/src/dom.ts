/** Typed lookups of the page's elements: a missing id is a bug in index.html, so it throws at start-up. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`index.html has no <${type.name}> with id '${id}'`);
  return element;
}

export function setText(id: string, text: string): void {
  byId(id, HTMLElement).textContent = text;
}

/** Milliseconds with one decimal, as every timing in the page is shown. */
export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
