// pgkit::core::Error: the one exception type core code throws; it carries
// the SQLSTATE the glue raises it with.
#pragma once
#include <stdexcept>
#include <string>

namespace pgkit::core {

// SQLSTATEs used by core (DESIGN.md §2).
namespace sqlstate {
inline constexpr const char* invalid_parameter = "22023";  // invalid snapshot / argument
inline constexpr const char* invalid_name = "42602";
inline constexpr const char* name_too_long = "42622";
inline constexpr const char* duplicate_object = "42710";
inline constexpr const char* feature_not_supported = "0A000";
inline constexpr const char* object_state = "55000";
inline constexpr const char* raise_exception = "P0001";
inline constexpr const char* undefined_object = "42704";
inline constexpr const char* invalid_table_definition = "42P16";
inline constexpr const char* duplicate_column = "42701";
inline constexpr const char* undefined_column = "42703";
}  // namespace sqlstate

class Error : public std::runtime_error {
public:
    Error(std::string sqlstate, const std::string& message, std::string detail = {},
          std::string hint = {})
        : std::runtime_error(message),
          sqlstate_(std::move(sqlstate)),
          detail_(std::move(detail)),
          hint_(std::move(hint)) {}
    const std::string& sqlstate() const noexcept { return sqlstate_; }
    const std::string& detail() const noexcept { return detail_; }
    const std::string& hint() const noexcept { return hint_; }

private:
    std::string sqlstate_, detail_, hint_;
};

}  // namespace pgkit::core

#include "cpp_only.hpp"
