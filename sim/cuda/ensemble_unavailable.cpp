// The CUDA backend's interface in a build without CUDA: it reports why it cannot run.
#include <stdexcept>

#include "lnsgd/sim/cuda/ensemble.hpp"

namespace lnsgd::sim::cuda {

namespace {
const char* reason = "this lnsgd was built without CUDA (no nvcc found at configure time; see docs/cuda.md)";
}

std::optional<std::string> unavailable() { return std::string(reason); }
std::string device_description() { return reason; }

struct ensemble::impl {};

ensemble::ensemble(const ensemble_spec&, const std::vector<double>&, const std::vector<double>&,
                   const std::vector<std::vector<double>>&, std::uint64_t) {
  throw std::runtime_error(reason);
}
ensemble::~ensemble() = default;
void ensemble::advance(std::uint64_t) { throw std::runtime_error(reason); }
std::vector<std::vector<double>> ensemble::download() const { throw std::runtime_error(reason); }
std::vector<std::int64_t> ensemble::diverged_steps() const { throw std::runtime_error(reason); }

}  // namespace lnsgd::sim::cuda
