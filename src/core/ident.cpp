#include "ident.hpp"

#include <fmt/format.h>

#include "error.hpp"

namespace pgkit::core {

void validate_identifier(std::string_view name, std::string_view what) {
    // "pgkit: column \"users.email\": ..." names the object; bare names need no prefix.
    std::string where = what == "identifier" ? std::string("pgkit:") : fmt::format("pgkit: {}:", what);
    if (name.empty())
        throw Error(sqlstate::invalid_name, fmt::format("{} empty identifier", where),
                    {}, "every schema, table, column and constraint needs a non-empty name");
    if (name.find('\0') != std::string_view::npos)
        throw Error(sqlstate::invalid_name,
                    fmt::format("{} identifier contains a NUL byte", where));
    if (name.size() > max_identifier_bytes)
        throw Error(sqlstate::name_too_long,
                    fmt::format("{} identifier \"{}\" is {} bytes, the limit is {}", where,
                                name, name.size(), max_identifier_bytes),
                    {}, "Postgres would silently truncate it; choose a name of at most 63 bytes");
}

std::string quote_ident(std::string_view name) {
    validate_identifier(name);
    std::string out;
    out.reserve(name.size() + 2);
    out.push_back('"');
    for (char c : name) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string quote_qualified(std::string_view schema, std::string_view name) {
    if (schema.empty()) return quote_ident(name);
    return quote_ident(schema) + "." + quote_ident(name);
}

std::string truncate_identifier(std::string_view name) {
    if (name.size() <= max_identifier_bytes) return std::string(name);
    std::size_t len = max_identifier_bytes;
    // Back off over UTF-8 continuation bytes (10xxxxxx) so no character is cut.
    while (len > 0 && (static_cast<unsigned char>(name[len]) & 0xC0) == 0x80) --len;
    return std::string(name.substr(0, len));
}

std::string quote_literal(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('\'');
    for (char c : text) {
        if (c == '\'') out.push_back('\'');
        out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

}  // namespace pgkit::core
