// lnsgd.theory: theory/'s closed forms callable with numbers (docs/python.md, "Theory"), one submodule per paper.
// Each takes floats or NumPy arrays (broadcast elementwise, py::vectorize) and evaluates in double the same
// template lnsgd's checks evaluate; its docstring is the formula and its source (the comment in theory/).
// Domain errors (a root that does not converge) become ValueError.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "lnsgd/theory/bae_resetting/first_passage.hpp"
#include "lnsgd/theory/bae_resetting/sphere_passage.hpp"
#include "lnsgd/theory/gatmiry/sharpness_minimum.hpp"
#include "lnsgd/theory/sharpness_flow/sharpness.hpp"
#include "lnsgd/theory/zhang2026/drift.hpp"
#include "lnsgd/theory/zhang2026/escape_time.hpp"
#include "lnsgd/theory/zhang2026/lazy_regime.hpp"
#include "lnsgd/theory/zhang2026/oscillation.hpp"
#include "lnsgd/theory/zhang2026/phase_two.hpp"
#include "lnsgd/theory/zhang2026/shrinkage.hpp"

namespace py = pybind11;

namespace {

namespace th = lnsgd::theory;

void add_zhang2026(py::module_& m) {
  m.doc() = "Zhang et al. (AAAI 2026), the two-layer linear net under label-noise SGD";
  m.def("escape_time_bound", py::vectorize(th::escape_time_bound<double>), py::arg("m"), py::arg("eta"),
        py::arg("sigma"), "Theorem 4.2: T1 = 384 sqrt(ln m) / (sigma^2 eta^2 sqrt(m)) steps");
  m.def("escape_time_heuristic", py::vectorize(th::escape_time_heuristic<double>), py::arg("m"), py::arg("eta"),
        py::arg("sigma"), "derived (docs/derivations.md section 3): t_esc ~ 2 / (sqrt(m) eta^2 sigma^2) steps");
  m.def("stability_product", py::vectorize(th::stability_product<double>), py::arg("m"), py::arg("eta"),
        "derived (docs/derivations.md section 7): eta m; batch-1 SGD at NTK init is stable for eta m <~ 2");
  m.def("lazy_radius", py::vectorize(th::lazy_radius<double>), py::arg("m"),
        "Definition 4.1: neuron i is lazy while ||w_i(t) - w_i(0)|| <= 1/sqrt(m)");
  m.def("shrinkage_rho", py::vectorize(th::shrinkage_rho<double>), py::arg("d"),
        "Lemma 4.3: rho = 2 sqrt(d) / sqrt(pi)");
  m.def("nonpositive_probability_bound", py::vectorize(th::nonpositive_probability_bound<double>), py::arg("m"),
        py::arg("d"), "Lemma 4.3.1: P(Delta W_i(j) <= 0) >= 1 - rho / m^(1/8)");
  m.def("strong_shrinkage_threshold", py::vectorize(th::strong_shrinkage_threshold<double>), py::arg("sigma"),
        "Lemma 4.3.1: P(Delta W_i(j) <= -(sigma/4)^2) >= 1/4; returns -(sigma/4)^2");
  m.def("shrinkage_vacuity_width", py::vectorize(th::shrinkage_vacuity_width<double>), py::arg("d"),
        "derived: Lemma 4.3.1's sign bound is vacuous unless m > rho^8 = (4d/pi)^4; returns rho^8");
  m.def(
      "shrinkage_rate", py::vectorize(th::shrinkage_rate<double>), py::arg("eta"), py::arg("sigma"),
      py::arg("delta_norm2"),
      "derived (docs/derivations.md section 2): mean ||w_i||^2 decays at about eta^2 (sigma^2 + ||delta||^2) per step");
  m.def("oscillation_amplitude", py::vectorize(th::oscillation_amplitude<double>), py::arg("eta"),
        "Lemma 4.4: the chain's states are {-eta^(1/4), 0, +eta^(1/4)}; returns eta^(1/4)");
  m.def("oscillation_norm_bound", py::vectorize(th::oscillation_norm_bound<double>), py::arg("eta"),
        "Lemma 4.4, Eq. 8: E[(1/m) sum_i ||w_i(t0)||^2] <= sqrt(eta)");
  m.def("phase_two_start_radius", py::vectorize(th::phase_two_start_radius<double>), py::arg("eta"),
        "Phase II start (before Lemma 4.5): ||w_i|| <= sqrt(eta) and |a_i| <= sqrt(eta)");
  m.def("alignment_time_flow", py::vectorize(th::alignment_time_flow<double>), py::arg("eta"),
        py::arg("theta_star_norm"), "Lemma 4.5 as printed: T2 = ln(1/eta) / ||theta*|| (gradient-flow time)");
  m.def("alignment_time_steps", py::vectorize(th::alignment_time_steps<double>), py::arg("eta"),
        py::arg("theta_star_norm"), "Lemma 4.5, reading 2 (derived): T2 = ln(1/eta) / (eta ||theta*||) GD steps");
  m.def("convergence_time_steps", py::vectorize(th::convergence_time_steps<double>), py::arg("eta"),
        py::arg("theta_star_norm"), "Lemma 4.6: t3 - t2 = ln(1/eta) / (eta ||theta*||^2) steps");
  m.def("alignment_deficit_scale", py::vectorize(th::alignment_deficit_scale<double>), py::arg("eta"),
        "Lemma 4.5, Eq. 9: the cosine deficit is O(ln(1/eta) sqrt(eta)); returns ln(1/eta) sqrt(eta)");
  m.def("convergence_error_scale", py::vectorize(th::convergence_error_scale<double>), py::arg("eta"),
        "Lemma 4.6, Eq. 10: ||theta(t3) - theta*|| <= O(eta ln(1/eta)); returns eta ln(1/eta)");
}

void add_sharpness_flow(py::module_& m) {
  m.doc() = "the sharpness flow of label-noise SGD on the two-layer linear net (Damian et al.; Li, Wang, Arora)";
  m.def("least_sharpness", py::vectorize(th::least_sharpness<double>), py::arg("theta_s_theta"), py::arg("trace_s"),
        "the least tr Hessian L over interpolators of theta: 2 sqrt(theta^T S theta tr S), S = X^T X / n");
  m.def("least_sharpness_a_norm2", py::vectorize(th::least_sharpness_a_norm2<double>), py::arg("theta_s_theta"),
        py::arg("trace_s"), "||a||^2 at the sharpness minimiser: sqrt(theta^T S theta / tr S)");
  m.def("sharpness_flow_time", py::vectorize(th::sharpness_flow_time<double>), py::arg("eta"), py::arg("sigma"),
        py::arg("steps"), "derived: the flow's time after k steps is eta^2 sigma^2 k");
}

void add_gatmiry(py::module_& m) {
  m.doc() = "Gatmiry, Li, Reddi, Jegelka: the fixed-output network f(x) = sum_j c phi(theta_j . x)";
  const auto parse = [](const std::string& name) {
    const auto a = th::gatmiry::parse_activation(name);
    if (!a) throw py::value_error("activation = " + name + " (accepted: " + th::gatmiry::activation_names + ")");
    return *a;
  };
  m.def(
      "phi_inverse",
      [parse](const std::string& activation, double u) {
        try {
          return th::gatmiry::phi_inverse(parse(activation), u);
        } catch (const std::domain_error& e) {
          throw py::value_error(e.what());
        }
      },
      py::arg("activation"), py::arg("u"), "phi^{-1}(u) by Newton-Raphson (activation: cubic or sinh)");
  m.def(
      "agreement_point",
      [parse](const std::string& activation, double y, std::int64_t width, double c) {
        try {
          return th::gatmiry::agreement_point(parse(activation), y, width, c);
        } catch (const std::domain_error& e) {
          throw py::value_error(e.what());
        }
      },
      py::arg("activation"), py::arg("y"), py::arg("m"), py::arg("c"),
      "Theorem 2 (derived for a common c): theta_j . x_i = phi^{-1}(y_i / (m c)) at every sharpness minimiser");
}

void add_bae_resetting(py::module_& m) {
  namespace bae = th::bae_resetting;
  m.doc() = "Bae, Song, Jeong: first passage under Poisson resetting (docs/derivations.md section 8)";
  m.def("peclet", py::vectorize(bae::peclet<double>), py::arg("L"), py::arg("v"), py::arg("D"),
        "Pe = L v / (2D): resetting at a small rate helps iff Pe < 1");
  m.def("mean_first_passage", py::vectorize(bae::mean_first_passage<double>), py::arg("L"), py::arg("v"), py::arg("D"),
        py::arg("gamma"), "Eq. 5: <T(gamma)> = (1/gamma)[exp(L (sqrt(v^2 + 4 D gamma) - v)/(2D)) - 1]");
  m.def("rate_slope_at_zero", py::vectorize(bae::rate_slope_at_zero<double>), py::arg("L"), py::arg("v"), py::arg("D"),
        "after Eq. 5: dT/dgamma at gamma = 0 is (L D / v^3)(Pe - 1)");
  m.def(
      "optimal_rate", [](double L, double v, double D) -> std::optional<double> { return bae::optimal_rate(L, v, D); },
      py::arg("L"), py::arg("v"), py::arg("D"),
      "the rate gamma* > 0 minimising <T(gamma)> (TOMS 748), or None when resetting cannot help (Pe >= 1)");
  m.def("langevin_diffusion", py::vectorize(bae::langevin_diffusion<double>), py::arg("eta"), py::arg("sigma2"),
        py::arg("batch"), "Eq. 2: D = eta Sigma / (2B)");
  m.def("mean_first_passage_sphere3", py::vectorize(bae::mean_first_passage_sphere3<double>), py::arg("R0"),
        py::arg("a"), py::arg("D"), py::arg("gamma"),
        "derived (section 8): <T> = (1/gamma)[(R0/a) exp((R0 - a) sqrt(gamma/D)) - 1] in three dimensions");
}

}  // namespace

void add_theory(py::module_& parent) {
  auto theory = parent.def_submodule("theory", "theory/'s closed forms, one submodule per paper (docs/python.md)");
  auto zhang = theory.def_submodule("zhang2026");
  add_zhang2026(zhang);
  auto sharpness = theory.def_submodule("sharpness_flow");
  add_sharpness_flow(sharpness);
  auto gatmiry = theory.def_submodule("gatmiry");
  add_gatmiry(gatmiry);
  auto bae = theory.def_submodule("bae_resetting");
  add_bae_resetting(bae);
}
