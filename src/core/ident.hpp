// Identifier safety: strict validation for what users hand the emitters, the
// one quoting function every renderer uses, and Postgres' own truncation for
// names read from snapshots (which describe a database).
#pragma once
#include <string>
#include <string_view>

namespace pgkit::core {

inline constexpr std::size_t max_identifier_bytes = 63;  // NAMEDATALEN - 1

// Throws Error 42602 (empty, NUL byte) or 42622 (over 63 bytes); `what`
// names the object in the message, e.g. `column "users.email"`.
void validate_identifier(std::string_view name, std::string_view what = "identifier");

// Returns name wrapped in double quotes with embedded quotes doubled.
// Validates first (strict): every generated identifier goes through here.
std::string quote_ident(std::string_view name);

// Returns "schema"."name", or "name" alone when schema is empty.
std::string quote_qualified(std::string_view schema, std::string_view name);

// Returns name cut to 63 bytes at a UTF-8 character boundary, as Postgres
// stores an over-long identifier (truncate_identifier in scansup.c).
std::string truncate_identifier(std::string_view name);

// Returns a SQL string literal: 'text' with embedded quotes doubled.
std::string quote_literal(std::string_view text);

}  // namespace pgkit::core

#include "cpp_only.hpp"
