#pragma once
// lnsgd sweep SPEC.json: one model over a grid or list of values and seeds, resumable, into one tidy table
// (docs/sweep.md; the engine is sim/sweep/).
#include <cstdint>
#include <iosfwd>
#include <string>

namespace lnsgd::cli {

struct sweep_flags {
  std::string spec;
  std::string out = "lnsgd-sweep";
  std::int64_t threads = 0;  // 0 <= threads <= 4096
  bool quiet = false;
};

// Exit 0: every cell finished and none failed; 3: the table is written and some cells failed or diverged (their
// rows say why); 2: bad spec or --out; 1: an I/O failure.
int sweep_command(const sweep_flags& flags, std::ostream& out, std::ostream& err, bool show_progress);

}  // namespace lnsgd::cli
