#pragma once
// A run stopped from outside its thread (the Python module on Ctrl-C, docs/python.md): after request_interrupt(),
// every run that reports progress (progress_counter::add) throws run_interrupted at its next report, within a few
// thousand steps; the trajectory loops carry it out of their OpenMP regions like any error, and the command layer
// removes the unfinished output (cli/src/output/output_dir.hpp). The command line never requests it: a signal ends
// lnsgd there (cli/src/interrupts.hpp). The flag is process-wide; clear_interrupt() before the next run.
#include <atomic>
#include <stdexcept>

namespace lnsgd::sim {

struct run_interrupted : std::runtime_error {
  run_interrupted() : std::runtime_error("interrupted") {}
};

namespace detail {
inline std::atomic<bool> interrupt_flag{false};
}  // namespace detail

inline void request_interrupt() { detail::interrupt_flag.store(true); }
inline void clear_interrupt() { detail::interrupt_flag.store(false); }
inline bool interrupt_requested() { return detail::interrupt_flag.load(std::memory_order_relaxed); }
inline void throw_if_interrupted() {
  if (interrupt_requested()) throw run_interrupted();
}

}  // namespace lnsgd::sim
