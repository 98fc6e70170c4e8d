#include "lnsgd/sim/engine/engine_config.hpp"

#include <algorithm>
#include <cmath>

#include "lnsgd/sim/engine/validation_text.hpp"
#include "lnsgd/sim/precision.hpp"

namespace lnsgd::sim {

using detail::bad;
using detail::one_of;
using detail::show;

std::optional<std::string> validate_engine(const engine_config& c, const std::vector<std::string>& dynamics) {
  if (std::find(dynamics.begin(), dynamics.end(), c.dynamics) == dynamics.end()) {
    std::string list;
    for (const auto& d : dynamics) list.append(list.empty() ? "" : ", ").append(d);
    return bad("dynamics", c.dynamics, list);
  }
  if (!std::isfinite(c.eta) || c.eta <= 0) return bad("eta", show(c.eta), "a finite number > 0");
  if (!std::isfinite(c.sigma) || c.sigma < 0) return bad("sigma", show(c.sigma), "a finite number >= 0");
  if (!one_of(c.label_noise, {"rademacher", "gaussian"})) return bad("label_noise", c.label_noise, "rademacher, gaussian");
  if (c.batch < 1) return bad("batch", show(c.batch), "an integer >= 1");
  if (!std::isfinite(c.rho) || c.rho < 0) return bad("rho", show(c.rho), "a finite number >= 0");
  if (!one_of(c.schedule, {"constant", "periodic"})) return bad("schedule", c.schedule, "constant, periodic");
  if (c.noise_on < 1) return bad("noise_on", show(c.noise_on), "an integer >= 1");
  if (c.noise_off < 0) return bad("noise_off", show(c.noise_off), "an integer >= 0");
  if (c.steps < 0 || c.steps > 1000000000000000) return bad("steps", show(c.steps), "an integer 0 <= steps <= 1e15");
  if (c.seed < 0) return bad("seed", show(c.seed), "an integer >= 0");
  if (c.data_seed < -1) return bad("data_seed", show(c.data_seed), "an integer >= 0, or -1 for the seed");
  if (c.substeps < 1 || c.substeps > 1000000)
    return bad("substeps", show(c.substeps), "an integer 1 <= substeps <= 1e6");
  if (c.trajectories < 1 || c.trajectories > 1000000)
    return bad("trajectories", show(c.trajectories), "an integer 1 <= trajectories <= 1e6");
  if (c.threads < 0 || c.threads > 4096) return bad("threads", show(c.threads), "an integer 0 <= threads <= 4096");
  if (!parse_precision(c.precision)) return bad("precision", c.precision, "double, long-double, float50");
  if (!one_of(c.record, {"log", "linear"})) return bad("record", c.record, "log, linear");
  if (c.record_points < 2 || c.record_points > 10000000)
    return bad("record_points", show(c.record_points), "an integer 2 <= record_points <= 1e7");
  for (auto s : c.snapshots)
    if (s < 0 || s > c.steps) return bad("snapshots", show(s), "steps between 0 and steps = " + show(c.steps));
  if (c.out.empty()) return bad("out", "\"\"", "a directory path");
  return std::nullopt;
}

void resolve_engine_defaults(engine_config& c) {
  if (c.data_seed == -1) c.data_seed = c.seed;
  if (c.snapshots.empty() && c.steps >= 0) c.snapshots = {0, c.steps / 10, c.steps / 2, c.steps};
}

}  // namespace lnsgd::sim
