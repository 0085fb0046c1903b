// The one translation unit that compiles Boost.JSON (header-only mode): no
// runtime dependency on libboost_json, and Debian's static archive is not PIC.
#include <boost/json/src.hpp>
