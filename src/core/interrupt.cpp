#include "interrupt.hpp"

namespace pgkit::core {

namespace {
InterruptHook hook = nullptr;
}

void set_interrupt_hook(InterruptHook h) noexcept { hook = h; }

void check_interrupts() {
    if (hook) hook();
}

}  // namespace pgkit::core
