/** A table written once and shown twice: as Markdown on a terminal, as HTML in the report. */
export interface Table {
  columns: Array<{ title: string; align?: 'left' | 'right' }>;
  rows: string[][];
}

export function markdownTable(table: Table): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const head = `| ${table.columns.map((c) => cell(c.title)).join(' | ')} |`;
  const rule = `|${table.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`;
  const body = table.rows.map((r) => `| ${r.map(cell).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

export function htmlTable(table: Table): string {
  const style = (i: number) => (table.columns[i]?.align === 'right' ? ' class="num"' : '');
  const head = table.columns.map((c, i) => `<th${style(i)}>${escapeHtml(c.title)}</th>`).join('');
  const body = table.rows.map((r) => `<tr>${r.map((v, i) => `<td${style(i)}>${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
