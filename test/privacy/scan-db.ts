// Finds text in a real database: every column of every table (JSON columns are text too), so a
// new table or column is searched without anyone listing it.
import type { Client } from '@libsql/client';

export interface Column {
  table: string;
  column: string;
  type: string;
}

export async function allColumns(client: Client): Promise<Column[]> {
  const tables = await client.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
  );
  const out: Column[] = [];
  for (const row of tables.rows) {
    const table = String(row.name);
    const cols = await client.execute({ sql: 'SELECT name, type FROM pragma_table_info(?)', args: [table] });
    for (const c of cols.rows) out.push({ table, column: String(c.name), type: String(c.type).toLowerCase() });
  }
  return out;
}

/** "table.column", sorted, for every column holding `needle` (case-insensitive) in some row. */
export async function whereIs(client: Client, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const { table, column, type } of await allColumns(client)) {
    if (type === 'blob') continue;
    const r = await client.execute({
      sql: `SELECT count(*) AS n FROM "${table}" WHERE instr(lower(CAST("${column}" AS TEXT)), lower(?)) > 0`,
      args: [needle],
    });
    if (Number(r.rows[0]!.n) > 0) hits.push(`${table}.${column}`);
  }
  return hits.sort();
}
