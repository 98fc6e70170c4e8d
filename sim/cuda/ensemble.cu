// The CUDA ensemble backend (sim/include/lnsgd/sim/cuda/ensemble.hpp): one thread block per trajectory, threads over
// neurons; W (column-major, as on the CPU) and a in global memory, the sample x and W x in shared memory.
// Each step repeats the CPU stepper's arithmetic (label_noise_sgd's batch-1 step, or sam's), with sums in a
// different order: trajectories agree with the CPU to rounding, not bit for bit.
#include <cuda_runtime.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "ensemble_step.hpp"
#include "lnsgd/sim/cuda/ensemble.hpp"

namespace lnsgd::sim::cuda {
namespace {

using namespace detail;

constexpr int threads_per_block = 256;

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string("CUDA: ") + what + ": " + cudaGetErrorString(e));
}

// Sum over the block, returned to every thread. red: 33 doubles of shared memory.
__device__ double block_sum(double v, double* red) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  __syncthreads();
  if (lane == 0) red[warp] = v;
  __syncthreads();
  if (threadIdx.x < 32) {
    double s = threadIdx.x < (blockDim.x + 31) / 32 ? red[threadIdx.x] : 0.0;
    for (int o = 16; o > 0; o >>= 1) s += __shfl_down_sync(0xffffffffu, s, o);
    if (threadIdx.x == 0) red[32] = s;
  }
  __syncthreads();
  return red[32];
}

// One thread block per trajectory: the phases of ensemble_step.hpp, with block sums between them.
__global__ void advance_kernel(kernel_args a) {
  extern __shared__ double shared[];
  double* red = shared + a.d + a.m;  // reductions (33)
  const std::int64_t k = blockIdx.x;
  if (a.diverged[k] >= 0) return;
  double* w = a.theta + k * a.params;
  const trajectory_view v{w, w + a.m * a.d, shared, shared + a.d};
  const int tid = static_cast<int>(threadIdx.x), threads = static_cast<int>(blockDim.x);
  const std::uint64_t trajectory = a.first_trajectory + static_cast<std::uint64_t>(k);
  for (std::uint64_t t = a.step0; t < a.step0 + a.steps; ++t) {
    const step_draws s = draws(a, trajectory, t);
    load_sample(a, v, s.xi, tid, threads);
    __syncthreads();
    const double r = block_sum(forward_part(a, v, tid, threads), red) - (a.y[s.xi] + s.eps);
    if (residual_diverged(r)) {  // r is the same in every thread: the whole block leaves
      if (tid == 0) a.diverged[k] = static_cast<std::int64_t>(t);
      return;
    }
    if (!a.sam) {
      sgd_update(a, v, r, tid, threads);
    } else {
      const double xx = squared_norm_of_sample(a, v);
      const sam_norm_parts p = sam_norms_part(a, v, tid, threads);
      const double a2 = block_sum(p.a2, red), h2 = block_sum(p.h2, red);
      const double scale = sam_scale(a, r, xx, a2, h2);
      const double r2 =
          block_sum(sam_perturbed_part(a, v, r, scale, xx, tid, threads), red) - (a.y[s.xi] + s.eps);
      sam_update(a, v, r, scale, xx, r2, tid, threads);
    }
    __syncthreads();
  }
}

}  // namespace

std::optional<std::string> unavailable() {
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) return std::string("no usable CUDA device (") + cudaGetErrorString(e) + ")";
  if (count == 0) return std::string("no CUDA device on this machine");
  return std::nullopt;
}

std::string device_description() {
  if (auto why = unavailable()) return *why;
  cudaDeviceProp p{};
  check(cudaGetDeviceProperties(&p, 0), "cudaGetDeviceProperties");
  return std::string(p.name) + ", compute capability " + std::to_string(p.major) + "." + std::to_string(p.minor);
}

struct ensemble::impl {
  ensemble_spec spec;
  std::uint64_t first_trajectory = 0, step = 0, count = 0;
  std::int64_t params = 0;
  double *x = nullptr, *y = nullptr, *theta = nullptr;
  std::int64_t* diverged = nullptr;
  ~impl() {
    cudaFree(x);
    cudaFree(y);
    cudaFree(theta);
    cudaFree(diverged);
  }
};

ensemble::ensemble(const ensemble_spec& spec, const std::vector<double>& x_train, const std::vector<double>& y_train,
                   const std::vector<std::vector<double>>& thetas, std::uint64_t first_trajectory)
    : impl_(std::make_unique<impl>()) {
  if (auto why = unavailable()) throw std::runtime_error(*why);
  auto& s = *impl_;
  s.spec = spec;
  s.first_trajectory = first_trajectory;
  s.count = thetas.size();
  s.params = spec.m * spec.d + spec.m;
  if ((spec.m + spec.d + 33) * static_cast<std::int64_t>(sizeof(double)) > 48 * 1024)
    throw std::runtime_error("CUDA backend: m + d = " + std::to_string(spec.m + spec.d) +
                             " too large (its shared memory holds m + d <= 6100)");
  if (static_cast<std::int64_t>(x_train.size()) != spec.n * spec.d || static_cast<std::int64_t>(y_train.size()) != spec.n)
    throw std::runtime_error("CUDA backend: data sizes do not match n and d");
  std::vector<double> flat;
  for (const auto& t : thetas) {
    if (static_cast<std::int64_t>(t.size()) != s.params) throw std::runtime_error("CUDA backend: theta of wrong size");
    flat.insert(flat.end(), t.begin(), t.end());
  }
  check(cudaMalloc(&s.x, x_train.size() * sizeof(double)), "cudaMalloc");
  check(cudaMalloc(&s.y, y_train.size() * sizeof(double)), "cudaMalloc");
  check(cudaMalloc(&s.theta, flat.size() * sizeof(double)), "cudaMalloc");
  check(cudaMalloc(&s.diverged, s.count * sizeof(std::int64_t)), "cudaMalloc");
  check(cudaMemcpy(s.x, x_train.data(), x_train.size() * sizeof(double), cudaMemcpyHostToDevice), "cudaMemcpy");
  check(cudaMemcpy(s.y, y_train.data(), y_train.size() * sizeof(double), cudaMemcpyHostToDevice), "cudaMemcpy");
  check(cudaMemcpy(s.theta, flat.data(), flat.size() * sizeof(double), cudaMemcpyHostToDevice), "cudaMemcpy");
  const std::vector<std::int64_t> none(s.count, -1);
  check(cudaMemcpy(s.diverged, none.data(), none.size() * sizeof(std::int64_t), cudaMemcpyHostToDevice), "cudaMemcpy");
}

ensemble::~ensemble() = default;

void ensemble::advance(std::uint64_t steps) {
  auto& s = *impl_;
  if (s.count == 0 || steps == 0) return;
  const auto& p = s.spec;
  kernel_args a{p.m, p.d, p.n, s.params, p.eta, p.sigma, p.rho, p.sam, p.periodic, p.noise_on, p.noise_off, p.seed,
                s.first_trajectory, s.step, 0, s.x, s.y, s.theta, s.diverged};
  const std::size_t shared = static_cast<std::size_t>(p.m + p.d + 33) * sizeof(double);
  constexpr std::uint64_t launch = 4096;  // steps per launch: short kernels
  for (std::uint64_t done = 0; done < steps; done += launch) {
    a.step0 = s.step + done;
    a.steps = std::min(launch, steps - done);
    advance_kernel<<<static_cast<unsigned>(s.count), threads_per_block, shared>>>(a);
    check(cudaGetLastError(), "kernel launch");
  }
  check(cudaDeviceSynchronize(), "kernel");
  s.step += steps;
}

std::vector<std::vector<double>> ensemble::download() const {
  const auto& s = *impl_;
  std::vector<double> flat(s.count * static_cast<std::size_t>(s.params));
  check(cudaMemcpy(flat.data(), s.theta, flat.size() * sizeof(double), cudaMemcpyDeviceToHost), "cudaMemcpy");
  std::vector<std::vector<double>> out(s.count);
  for (std::size_t k = 0; k < s.count; ++k)
    out[k].assign(flat.begin() + static_cast<std::ptrdiff_t>(k * s.params),
                  flat.begin() + static_cast<std::ptrdiff_t>((k + 1) * s.params));
  return out;
}

std::vector<std::int64_t> ensemble::diverged_steps() const {
  const auto& s = *impl_;
  std::vector<std::int64_t> out(s.count);
  check(cudaMemcpy(out.data(), s.diverged, out.size() * sizeof(std::int64_t), cudaMemcpyDeviceToHost), "cudaMemcpy");
  return out;
}

}  // namespace lnsgd::sim::cuda
