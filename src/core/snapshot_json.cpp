// Out-of-line parts of snapshot_json.hpp.
#include "snapshot_json.hpp"

namespace pgkit::core::snapshot_detail {

std::string path_key(std::string_view key) {
    bool plain = !key.empty();
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_'))
            plain = false;
    if (plain) return std::string(key);
    std::string out = "\"";
    for (char c : key) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

json::value parse(std::string_view text, json::monotonic_resource& mr) {
    json::parse_options po;
    po.max_depth = max_json_depth;
    // The constructor's resource is only the parser's scratch space; reset()
    // says where the document itself lives (the arena, freed in one go).
    json::parser p({}, po);
    p.reset(&mr);
    json::error_code ec;
    std::size_t n = p.write(text.data(), text.size(), ec);

    if (ec) {
        // Line/column help with hand-written snapshots.
        std::size_t line = 1, col = 1;
        for (std::size_t i = 0; i < n && i < text.size(); ++i) {
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        throw Error(sqlstate::invalid_parameter,
                    "pgkit: invalid snapshot: malformed JSON at line " + std::to_string(line) +
                        ", column " + std::to_string(col) + " (byte " + std::to_string(n) +
                        "): " + ec.message());
    }
    return p.release();
}

}  // namespace pgkit::core::snapshot_detail
