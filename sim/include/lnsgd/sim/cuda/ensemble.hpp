#pragma once
// The CUDA ensemble backend: many trajectories of the two-layer linear net advanced in parallel on one GPU, in
// double, with the same Philox draws as the CPU steppers (sample index: stream sample_index, slot 0; label noise:
// Rademacher sign of stream label_noise, slot 0), so a GPU trajectory follows its CPU twin to rounding.
// Supported: batch-1 label-noise SGD (sigma = 0: vanilla SGD) and batch-1 SAM with the same noisy labels in both
// gradients (sim/steppers/sam.hpp), constant or periodic noise schedule. One thread block per trajectory.
//
// Failure: every function throws std::runtime_error with a one-line reason when the backend is unavailable (built
// without CUDA, or no usable device) or a CUDA call fails; unavailable() says why beforehand without throwing.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lnsgd::sim::cuda {

struct ensemble_spec {
  std::int64_t m = 0, d = 0, n = 0;
  double eta = 0, sigma = 0;
  bool sam = false;
  double rho = 0;
  std::uint64_t seed = 1;
  bool periodic = false;  // noise schedule: on for noise_on steps, off for noise_off, from step 0
  std::uint64_t noise_on = 1, noise_off = 0;
};

// nullopt when the backend can run here; otherwise why not ("built without CUDA ...", "no CUDA device ...").
std::optional<std::string> unavailable();

// A description of the device ("NVIDIA H100 80GB HBM3, compute capability 9.0"), or the reason it is unavailable.
std::string device_description();

class ensemble {
 public:
  // x_train: n x d row-major; y_train: n; thetas: one flat parameter vector per trajectory (lnsgd's layout:
  // vec(W) column-major, then a), trajectory indices first_trajectory, first_trajectory + 1, ...
  ensemble(const ensemble_spec& spec, const std::vector<double>& x_train, const std::vector<double>& y_train,
           const std::vector<std::vector<double>>& thetas, std::uint64_t first_trajectory = 0);
  ~ensemble();
  ensemble(const ensemble&) = delete;
  ensemble& operator=(const ensemble&) = delete;

  // Advances every trajectory by `steps` steps (step indices continue from the previous call).
  void advance(std::uint64_t steps);
  // The current parameter vectors, in trajectory order.
  std::vector<std::vector<double>> download() const;
  // Per trajectory: the first step whose residual was not finite or exceeded 1e100 (the trajectory stopped
  // there), or -1.
  std::vector<std::int64_t> diverged_steps() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace lnsgd::sim::cuda
