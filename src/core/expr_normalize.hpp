// Textual normalisation of SQL expressions: the fallback drift uses when an
// expected expression could not be deparsed by the server (no scratch build
// possible, or the object failed to build). It erases what Postgres changes
// when it stores an expression and nothing else it can know without a
// catalog: letter case and quoting of plain identifiers, whitespace, redundant
// parentheses, `::type` casts, and qualifiers (`"t"."col"` -> `col`,
// `public.users` -> `users`: the deparser adds or drops them depending on
// search_path and ambiguity). Two expressions equal after it are very likely
// equal; unequal ones are reported.
#pragma once
#include <string>
#include <string_view>

namespace pgkit::core {

// Returns the normalised form of `sql`.
std::string normalize_expression(std::string_view sql);

}  // namespace pgkit::core

#include "cpp_only.hpp"
