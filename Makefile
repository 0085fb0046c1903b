# pgkit: a PostgreSQL schema toolkit, C++20 extension built with PGXS.
# The Postgres-free core (src/core) is a PIC static library built by CMake
# (which also builds the unit tests, corpus runner and benchmarks) and
# linked into pgkit.so together with the glue (src/pg).
EXTENSION   = pgkit
MODULE_big  = pgkit
OBJS        = $(patsubst %.cpp,%.o,$(sort $(wildcard src/pg/*.cpp)))
DATA        = sql/pgkit--0.1.0.sql
# One pg_regress file per feature: every sql/*.sql except the install script.
REGRESS     = $(sort $(patsubst sql/%.sql,%,$(filter-out sql/pgkit--%,$(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=pgkit
ISOLATION   = $(sort $(patsubst test/isolation/specs/%.spec,%,$(wildcard test/isolation/specs/*.spec)))
ISOLATION_OPTS = --inputdir=test/isolation --load-extension=pgkit

PG_CONFIG  ?= /usr/lib/postgresql/15/bin/pg_config
BUILD_DIR   = build/core
CORE_LIB    = $(BUILD_DIR)/libpgkit_core.a

# -isystem: Postgres' headers are system headers (their 'register' and unused
# parameters are not our warnings); GCC drops PGXS' duplicate -I.
PG_CPPFLAGS = -Isrc -isystem $(shell $(PG_CONFIG) --includedir-server) \
              -DFMT_HEADER_ONLY -DBOOST_JSON_NO_LIB -DBOOST_CONTAINER_NO_LIB
PG_CXXFLAGS = -std=c++20 -fvisibility=hidden -fvisibility-inlines-hidden -Wextra -Werror \
              -Wno-unused-parameter -Wno-missing-field-initializers
SHLIB_LINK  = $(CORE_LIB) -lstdc++
EXTRA_CLEAN = build results output_iso regression.diffs regression.out

# Debian's PGXS would also compile every .cpp to LLVM bitcode with clang and
# without PG_CXXFLAGS (no -std=c++20); JIT-inlining our functions is useless.
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

CORE_SOURCES = $(wildcard src/core/*.cpp src/core/*.hpp test/unit/*.cpp test/unit/compile/*.cpp test/corpus/*.cpp bench/*.cpp \
               test/server/*.cpp test/server/*.hpp test/roundtrip/*.cpp test/roundtrip/*.hpp) CMakeLists.txt

$(CORE_LIB): $(CORE_SOURCES)
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD_DIR) -j$$(nproc)

$(OBJS): $(wildcard src/pg/*.hpp src/core/*.hpp)
$(shlib): $(CORE_LIB)

.PHONY: core unittest
core: $(CORE_LIB)
unittest: $(CORE_LIB)
	ctest --test-dir $(BUILD_DIR) --output-on-failure
