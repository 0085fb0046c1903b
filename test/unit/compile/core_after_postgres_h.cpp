// Must NOT compile: a core header seen after postgres.h (simulated by the
// macro postgres.h defines) trips cpp_only.hpp's #error. ctest runs this as
// a WILL_FAIL test, proving the compile-time guard works.
#define PG_VERSION_NUM 150000
#include "core/model.hpp"
