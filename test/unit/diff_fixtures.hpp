// Model builders shared by the differ's unit tests (diff_test.cpp,
// diff_roundtrip_test.cpp): a column, a table with an integer "id".
#pragma once
#include <string>

#include "core/model.hpp"

namespace pgkit::core::test {

inline Column column(const std::string& name, const std::string& type) {
    Column c;
    c.name = name;
    c.type = type;
    return c;
}

inline Table table(const std::string& name) {
    Table t;
    t.name = name;
    t.columns.set("id", column("id", "integer"));
    return t;
}

}  // namespace pgkit::core::test
