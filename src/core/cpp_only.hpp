// Included last by every src/core header: src/core must stay free of PostgreSQL
// headers (it is unit-tested and fuzzed without a server, and PG's macros such
// as snprintf/foreach would silently change the meaning of std code).
#pragma once
#if defined(PG_VERSION_NUM) || defined(POSTGRES_H)
#error "src/core must not see postgres.h: include core headers before any PostgreSQL header, and never include PostgreSQL headers in src/core"
#endif
