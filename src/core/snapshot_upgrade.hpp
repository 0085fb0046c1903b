// drizzle-kit snapshots of versions 5 and 6 read as version 7, the way
// `drizzle-kit up` rewrites them, so the snapshot files of an old project
// (its meta/ folder keeps each snapshot at the version that wrote it) diff
// as they are. Internal to src/core (snapshot_read.cpp).
#pragma once
#include <boost/json.hpp>

namespace pgkit::core::snapshot_detail {

// Rewrites a version "5" or "6" Postgres snapshot in place into version "7";
// returns false (and leaves it alone) for any other version. Parts that do
// not have the old shape are left as they are, for the v7 reader to report.
bool upgrade_to_v7(boost::json::value& root);

}  // namespace pgkit::core::snapshot_detail

#include "cpp_only.hpp"
