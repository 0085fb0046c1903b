// Checks generated Zod schemas against real rows:
//   node zod_rows.cjs <compiled zod module> <rows.json>...
// each rows.json: {"schema.table": [row_to_json rows...]} (lists are concatenated).
// Prints one "ok"/"not ok" line per check.
const mod = require(require("path").resolve(process.argv[2]));
const rows = {};
for (const file of process.argv.slice(3)) {
  const part = JSON.parse(require("fs").readFileSync(file, "utf8") || "{}") || {};
  for (const [k, v] of Object.entries(part)) rows[k] = (rows[k] || []).concat(v);
}
for (const [table, list] of Object.entries(rows)) {
  const entry = mod.tableSchemas[table];
  if (!entry) { console.log(`not ok ${table}: no schema generated`); continue; }
  const bad = list.map((r) => entry.select.safeParse(r)).filter((r) => !r.success);
  if (list.length === 0) console.log(`skip ${table}: no rows`);
  else if (bad.length === 0) console.log(`ok ${table}: select schema accepts ${list.length} rows`);
  else console.log(`not ok ${table}: ${bad.length}/${list.length} rows rejected: ${JSON.stringify(bad[0].error.issues.slice(0, 3))}`);
  const empty = entry.select.safeParse({});
  const hasColumns = Object.keys(entry.select.shape).length > 0;
  if (!hasColumns) console.log(`skip ${table}: no columns`);
  else if (empty.success) console.log(`not ok ${table}: select schema accepts {}`);
  else console.log(`ok ${table}: select schema rejects {}`);
  if (list.length > 0) {
    // Every value replaced by an object: only json/unknown columns could take it.
    const mangled = Object.fromEntries(Object.keys(list[0]).map((k) => [k, { not: "a value" }]));
    const wrong = entry.select.safeParse(mangled);
    if (wrong.success) console.log(`not ok ${table}: select schema accepts a row of objects`);
    else console.log(`ok ${table}: select schema rejects a malformed row`);
  }
}
