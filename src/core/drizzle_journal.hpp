// A drizzle-kit migration folder: `meta/_journal.json` (the order drizzle-orm
// applies migrations in), the `NNNN_tag.sql` scripts, and the
// `meta/NNNN_snapshot.json` chain (each snapshot names its predecessor in
// `prevId`). Errors are Error(22023) naming the JSON path or the entry.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pgkit::core {

struct JournalEntry {
    long long idx = 0;
    std::string tag;        // the script's file name without ".sql"
    long long when = 0;     // ms since the epoch: drizzle-orm's created_at
    bool breakpoints = true;
};

// Returns the journal's entries ordered by idx. Unique idx and tag required.
std::vector<JournalEntry> read_journal(std::string_view journal_json);

struct FolderMigration {
    JournalEntry entry;
    std::string script;
};

struct Folder {
    std::vector<FolderMigration> migrations;   // journal order
    std::vector<std::string> not_in_journal;   // scripts given but never run
};

// Returns the journal's migrations with their scripts. `scripts_json` is an
// object {tag: sql} (a key may also be "tag.sql"); an entry without its
// script is an error naming it; scripts absent from the journal are listed
// in not_in_journal (drizzle-orm never runs them either).
Folder read_folder(std::string_view journal_json, std::string_view scripts_json);

struct SnapshotLink {
    std::string key;       // as given: "0185", "0185_snapshot.json" or the tag
    std::string tag;       // the journal entry it belongs to
    std::string id;
    std::string prev_id;
    std::string version;   // "7", or an older drizzle-kit format ("5", "6")
    // true when prevId names a snapshot that is not present, so the
    // predecessor is the previous journal entry that has one
    bool by_journal = false;
};

// drizzle-kit's first prevId.
inline constexpr std::string_view origin_snapshot_id = "00000000-0000-0000-0000-000000000000";

// Returns the snapshots in chain order, oldest first: each follows the
// snapshot its prevId names or, when that snapshot is absent, the previous
// journal entry's. `snapshots` maps a key naming the journal entry (the
// file's "NNNN" prefix, its file name, or the tag) to the snapshot JSON.
// Two snapshots following the same one (branches merged without
// regenerating), two origins, a cycle or a duplicate id are errors.
std::vector<SnapshotLink> snapshot_chain(std::string_view journal_json,
                                         const std::map<std::string, std::string>& snapshots);

// Returns tag -> snapshot JSON for an object {key: snapshot} (keys as for
// snapshot_chain), after checking that the snapshots form one chain. Only
// version "7" snapshots are returned (the format pgkit reads); the tags of
// older ones, which still order the chain, go to `older` when given.
std::map<std::string, std::string> snapshots_by_tag(std::string_view journal_json,
                                                    std::string_view snapshots_json,
                                                    std::vector<std::string>* older = nullptr);

}  // namespace pgkit::core

#include "cpp_only.hpp"
