#!/usr/bin/env bash
# Codegen verified by compilers: for a hand-written snapshot covering every
# type family, the conformance corpus, the dokploy project's last drizzle
# snapshot and (once pgkit.introspect exists) chinook and pagila, the
# generated TypeScript and Zod compile with `tsc --strict`, the Zod select
# schemas accept the server's real rows (row_to_json) and reject malformed
# ones, and the generated Rust compiles with `cargo build --offline` against
# Debian's packaged crates. Needs PGHOST/PGPORT/PGUSER (scripts/test.sh).
# TypeScript never skips; Rust prints SKIP (not a pass) only when no cargo
# can be had. Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
PASSED=0 FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "ok: $*"; }
bad() { FAILED=$((FAILED + 1)); echo "FAILED: $*"; }
finish() { echo "$PASSED passed, $FAILED failed"; exit 0; }
W=$ROOT/build/codegen
rm -rf "$W"; mkdir -p "$W/in" "$W/ts" "$W/rust/src" "$W/rows"
export PGDATABASE=postgres
DB=pgkit_codegen_layer

# --- tools: typescript + zod from npm into build/npm (once; offline re-runs) ---
NPM=$ROOT/build/npm
if [ ! -x "$NPM/node_modules/.bin/tsc" ] || [ ! -d "$NPM/node_modules/zod" ]; then
    if ! command -v npm >/dev/null; then
        apt-get install -y -q --no-install-recommends nodejs npm >"$W/apt-node.log" 2>&1
    fi
    mkdir -p "$NPM"
    (cd "$NPM" && [ -f package.json ] || echo '{"private": true}' >package.json
     npm install --no-audit --no-fund --silent typescript@5.4.5 zod@3.23.8) >"$W/npm.log" 2>&1 \
        || { tail -20 "$W/npm.log"; bad "npm install typescript zod"; finish; }
fi
TSC=$NPM/node_modules/.bin/tsc

# --- cargo and Debian's crates (serde, serde_json, chrono, uuid, rust_decimal) ---
CARGO=$(command -v cargo || true)
[ -z "$CARGO" ] && [ -x "$HOME/.cargo/bin/cargo" ] && CARGO=$HOME/.cargo/bin/cargo
CRATES="librust-serde-dev librust-serde-derive-dev librust-serde-json-dev librust-chrono-dev librust-uuid-dev librust-rust-decimal-dev"
if ! dpkg -s $CRATES >/dev/null 2>&1 || [ -z "$CARGO" ]; then
    # A fresh Debian 12 has no cargo: Debian's (rustc 1.63) is what CI uses.
    PKGS=$CRATES; [ -z "$CARGO" ] && PKGS="$PKGS cargo"
    apt-get install -y -q --no-install-recommends $PKGS >"$W/apt-rust.log" 2>&1 || tail -5 "$W/apt-rust.log"
    CARGO=$(command -v cargo || true)
    [ -z "$CARGO" ] && [ -x "$HOME/.cargo/bin/cargo" ] && CARGO=$HOME/.cargo/bin/cargo
fi

# --- inputs: name -> snapshot file ---
cp test/codegen/all_types.json "$W/in/all_types.json"
cp test/data/dokploy/meta/0185_snapshot.json "$W/in/dokploy.json"
n=0
for f in $(ls test/corpus/cases/*/*/cur.json | sort); do
    sum=$(md5sum "$f" | cut -c1-8)
    [ -e "$W/in/corpus_$sum.json" ] || { cp "$f" "$W/in/corpus_$sum.json"; n=$((n + 1)); }
done
echo "inputs: all_types, dokploy, $n distinct corpus snapshots"

dropdb --if-exists "$DB" 2>/dev/null; createdb "$DB" || { bad "createdb"; finish; }
psql -X -q -d "$DB" -c 'CREATE EXTENSION pgkit' || { bad "create extension"; finish; }
psql -X -q -d "$DB" -v ON_ERROR_STOP=1 -f test/codegen/all_types.sql >"$W/all_types.log" 2>&1 \
    || { cat "$W/all_types.log"; bad "load all_types.sql"; }
# chinook and pagila need a snapshot of a live database: pgkit.introspect.
HAVE_INTROSPECT=$(psql -X -qAt -d "$DB" -c "SELECT count(*) FROM pg_proc WHERE proname = 'introspect' AND pronamespace = 'pgkit'::regnamespace")
for data in chinook pagila; do
    if [ "$HAVE_INTROSPECT" = 0 ]; then echo "SKIP $data: pgkit.introspect is not available yet"; continue; fi
    dropdb --if-exists "${DB}_$data"; createdb "${DB}_$data"
    psql -X -q -d "${DB}_$data" -c 'CREATE EXTENSION pgkit' >/dev/null
    psql -X -q -d "${DB}_$data" -f "test/data/$data.sql" >"$W/$data.log" 2>&1
    psql -X -qAt -d "${DB}_$data" -c 'SELECT pgkit.introspect()' >"$W/in/$data.json" \
        && [ -s "$W/in/$data.json" ] || { bad "introspect $data"; rm -f "$W/in/$data.json"; }
done

# --- generate every target for every input in one psql session ---
GEN=$W/generate.sql
: >"$GEN"
for f in "$W"/in/*.json; do
    name=$(basename "$f" .json)
    echo "\\set snap \`cat $f\`" >>"$GEN"
    for t in typescript zod rust; do
        ext=$([ $t = rust ] && echo rs || echo ts)
        dir=$([ $t = rust ] && echo rust/src || echo ts)
        suffix=$([ $t = zod ] && echo _zod || echo "")
        echo "\\o $W/$dir/$name$suffix.$ext" >>"$GEN"
        echo "SELECT pgkit.codegen('$t', :'snap');" >>"$GEN"
    done
done
echo "\\o" >>"$GEN"
psql -X -qAt -d "$DB" -f "$GEN" >"$W/generate.log" 2>&1
for t in typescript zod rust; do
    missing=0
    for f in "$W"/in/*.json; do
        name=$(basename "$f" .json)
        case $t in typescript) out=$W/ts/$name.ts ;; zod) out=$W/ts/${name}_zod.ts ;; rust) out=$W/rust/src/$name.rs ;; esac
        [ -s "$out" ] || { missing=$((missing + 1)); echo "  no $t output for $name"; }
    done
    if [ $missing = 0 ]; then ok "codegen $t for $(ls "$W"/in/*.json | wc -l) snapshots"; else bad "codegen $t: $missing snapshots failed"; grep -m5 ERROR "$W/generate.log"; fi
done

# dates = "date" (z.coerce.date) for the all-types schema, checked like the rest.
printf '%s\n' "\\set snap \`cat $W/in/all_types.json\`" "\\o $W/ts/dates_zod.ts" \
    "SELECT pgkit.codegen('zod', :'snap', '{\"dates\": \"date\"}');" | psql -X -qAt -d "$DB" >/dev/null 2>&1
[ -s "$W/ts/dates_zod.ts" ] && ok "codegen zod with dates = date" || bad "codegen zod with dates = date"

# --- TypeScript and Zod: tsc --strict over everything, once ---
cat >"$W/ts/tsconfig.json" <<JSON
{ "compilerOptions": { "strict": true, "target": "es2020", "module": "commonjs", "esModuleInterop": true,
  "skipLibCheck": true, "outDir": "$W/js", "typeRoots": [], "baseUrl": ".",
  "paths": { "zod": ["$NPM/node_modules/zod"] } }, "include": ["*.ts"] }
JSON
if (cd "$W/ts" && "$TSC" -p tsconfig.json) >"$W/tsc.log" 2>&1; then
    ok "tsc --strict: $(ls "$W"/ts/*.ts | wc -l) generated TypeScript/Zod files"
else
    head -30 "$W/tsc.log"; bad "tsc --strict ($(grep -c 'error TS' "$W/tsc.log") errors)"
fi

# --- Zod against the server's rows: the table's own rows (LIMIT 200) plus two
# rows of typed sample values per table (every column set / nullable ones
# NULL), all rendered by row_to_json ---
check_rows() {  # db, zod module name
    local db=$1 name=$2 real=$W/rows/$1.real.json sample=$W/rows/$1.sample.json tables
    if [ ! -f "$sample" ]; then
        tables=$(psql -X -qAt -d "$db" -c "SELECT string_agg(format('SELECT %L AS k, coalesce((SELECT json_agg(t) FROM (SELECT * FROM %I.%I LIMIT 200) t), ''[]'') AS v', n.nspname || '.' || c.relname, n.nspname, c.relname), ' UNION ALL ') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgkit') AND n.nspname NOT LIKE 'pg_toast%'")
        psql -X -qAt -d "$db" -c "SELECT json_object_agg(k, v) FROM ($tables) s" >"$real"
        printf '%s\n' "\\i $ROOT/test/codegen/sample_rows.sql" "SELECT pg_temp.pgkit_codegen_sample_rows();" \
            | psql -X -qAt -d "$db" >"$sample" 2>"$W/rows/$1.sample.err" || cat "$W/rows/$1.sample.err"
    fi
    NODE_PATH=$NPM/node_modules node test/codegen/zod_rows.cjs "$W/js/${name}_zod.js" "$real" "$sample" >"$W/rows/$name.out" 2>&1
    while read -r line; do
        case $line in ok*) ok "zod $name: ${line#ok }" ;; skip*) echo "$line" ;; *) bad "zod $name: ${line#not ok }" ;; esac
    done <"$W/rows/$name.out"
}
for name in all_types dates; do
    if [ -f "$W/js/${name}_zod.js" ]; then check_rows "$DB" "$name"; else bad "zod $name: not compiled"; fi
done
for data in chinook pagila; do
    [ -f "$W/in/$data.json" ] || continue
    if [ -f "$W/js/${data}_zod.js" ]; then check_rows "${DB}_$data" "$data"; else bad "zod $data: not compiled"; fi
done

# --- Rust: one crate, one module per snapshot, Debian's crates offline ---
if [ -z "$CARGO" ]; then
    echo "SKIP rust: no cargo (apt-get install cargo failed; see $W/apt-rust.log)"
else
    R=$W/rust
    mkdir -p "$R/.cargo"
    cat >"$R/.cargo/config.toml" <<TOML
[source.crates-io]
replace-with = "debian"
[source.debian]
directory = "/usr/share/cargo/registry"
[net]
offline = true
TOML
    cat >"$R/Cargo.toml" <<TOML
[package]
name = "pgkit_codegen_check"
version = "0.0.0"
edition = "2021"
[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
uuid = { version = "1", features = ["serde"] }
rust_decimal = { version = "1", features = ["serde"] }
[features]
sqlx = []
TOML
    : >"$R/src/lib.rs"
    for f in "$R"/src/*.rs; do
        m=$(basename "$f" .rs); [ "$m" = lib ] && continue
        echo "pub mod $m;" >>"$R/src/lib.rs"
    done
    # The target dir survives re-runs (the crates compile once); no debuginfo.
    if (cd "$R" && CARGO_HOME=$R/.cargo-home CARGO_TARGET_DIR=$ROOT/build/cargo-target \
            CARGO_PROFILE_DEV_DEBUG=0 "$CARGO" build --offline -q) >"$W/cargo.log" 2>&1; then
        ok "cargo build --offline: $(($(wc -l <"$R/src/lib.rs"))) generated Rust modules ($("$CARGO" --version))"
    else
        grep -E '^(error|warning: unused)' -A6 "$W/cargo.log" | head -40; bad "cargo build --offline"
    fi
fi
dropdb --if-exists "$DB"; dropdb --if-exists "${DB}_chinook"; dropdb --if-exists "${DB}_pagila"
finish
