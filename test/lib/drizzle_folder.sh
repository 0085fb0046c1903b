# Sourced by test layers. load_drizzle_folder DB DIR: installs pgkit in DB
# and loads the drizzle-kit migration folder DIR as one row of
# layer_input.folder(journal jsonb, scripts jsonb {tag: sql}, snapshots jsonb
# {file name: snapshot}). Files travel base64-encoded through COPY, so their
# bytes arrive unchanged (a migration's checksum is the SHA-256 of exactly
# those bytes). Returns psql's status.
load_drizzle_folder() {
    local db=$1 dir=$2
    {
        echo "CREATE EXTENSION pgkit;"
        echo "CREATE SCHEMA layer_input; CREATE TABLE layer_input.files (name text PRIMARY KEY, b64 text NOT NULL);"
        echo "COPY layer_input.files FROM STDIN;"
        for f in "$dir"/*.sql "$dir"/meta/*.json; do printf '%s\t%s\n' "$(basename "$f")" "$(base64 -w0 "$f")"; done
        echo '\.'
        cat <<'SQL'
CREATE TABLE layer_input.folder AS SELECT
  (SELECT convert_from(decode(b64, 'base64'), 'UTF8')::jsonb FROM layer_input.files
    WHERE name = '_journal.json') AS journal,
  (SELECT jsonb_object_agg(regexp_replace(name, '\.sql$', ''), convert_from(decode(b64, 'base64'), 'UTF8'))
     FROM layer_input.files WHERE name LIKE '%.sql') AS scripts,
  (SELECT jsonb_object_agg(name, convert_from(decode(b64, 'base64'), 'UTF8')::jsonb)
     FROM layer_input.files WHERE name LIKE '%\_snapshot.json') AS snapshots;
SQL
    } | psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null
}
