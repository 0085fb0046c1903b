// Self-test entry points of the jsonb sink. They are NOT part of the
// extension's SQL API (the install script does not create them);
// sql/jsonb_sink.sql binds them with CREATE FUNCTION ... AS 'pgkit',
// '<symbol>' to compare the sink's binary with jsonb_in's for documents the
// snapshot writer never produces: edge cases, and duplicate keys (which no
// JSON parser hands on, so they are given as an event list).
#include <string>
#include <vector>

#include "pg/jsonb_sink.hpp"

// pgkit_selftest_jsonb_text(json text) RETURNS jsonb: the document parsed by
// Boost.JSON and replayed as events (JsonSink::json_text: the writer's path
// for JSON it holds as text, whose strings the sink must copy).
PGKIT_FUNCTION(pgkit_selftest_jsonb_text) {
    std::string text = pgkit::pg::text_arg(fcinfo, 0);
    return pgkit::pg::sink_jsonb([&](pgkit::core::JsonSink& sink) { sink.json_text(text); });
}

// pgkit_selftest_jsonb_events(events text[]) RETURNS jsonb: the events given
// one per element: { } [ ] null true false, k:<key>, s:<string>, n:<number
// as JSON text>.
PGKIT_FUNCTION(pgkit_selftest_jsonb_events) {
    std::vector<std::string> events = pgkit::pg::text_array_arg(fcinfo, 0);
    return pgkit::pg::sink_jsonb([&](pgkit::core::JsonSink& sink) {
        for (const std::string& e : events) {
            std::string_view rest = std::string_view(e).substr(std::min<std::size_t>(2, e.size()));
            if (e == "{")
                sink.begin_object();
            else if (e == "}")
                sink.end_object();
            else if (e == "[")
                sink.begin_array();
            else if (e == "]")
                sink.end_array();
            else if (e == "null")
                sink.null();
            else if (e == "true")
                sink.boolean(true);
            else if (e == "false")
                sink.boolean(false);
            else if (e.starts_with("k:"))
                sink.key(rest);
            else if (e.starts_with("s:"))
                sink.string(rest);
            else if (e.starts_with("n:"))
                sink.number(rest);
            else
                throw pgkit::core::Error("22023",
                                         "pgkit: unknown self-test JSON event \"" + e + "\"");
        }
    });
}
