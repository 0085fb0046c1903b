// Long core loops call check_interrupts(); the glue installs a hook that runs
// Postgres' CHECK_FOR_INTERRUPTS (a cancel then arrives as a C++ exception
// and unwinds the core cleanly). Without a hook (unit tests) it does nothing.
#pragma once

namespace pgkit::core {

using InterruptHook = void (*)();
void set_interrupt_hook(InterruptHook hook) noexcept;
void check_interrupts();

}  // namespace pgkit::core

#include "cpp_only.hpp"
