/**
 * CSV as a spreadsheet set to Indonesian reads it: `;` between fields, decimal comma, UTF-8 with a
 * BOM, CRLF. node-csv does the quoting and the parsing. A text cell that begins like a formula
 * (=, +, -, @) is written with a leading quote, so Excel shows it instead of running it: names come
 * from admins and from imported workbooks (OWASP "CSV injection"); reading strips that quote again,
 * so an export imports back unchanged.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null;

/** Rows (header first) as the file's text, BOM included. Numbers get a decimal comma. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((r) => r.map((v) => v ?? '')),
    {
      delimiter: ';',
      record_delimiter: 'windows',
      bom: true,
      escape_formulas: true,
      cast: { number: (n) => String(n).replace('.', ',') },
    },
  );
}

/**
 * The fields of a CSV file, whether Excel wrote it with `;` (Indonesian settings) or `,`: the
 * separator is the one the header row has more of. Empty lines stay, so row numbers in messages
 * are the file's own.
 */
export function fromCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows = parse(src, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  return rows.map((r) => r.map((v) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v)));
}
