#include "perceptron_sweeps.hpp"

#include <cmath>

namespace lnsgd::checks::regimes {
namespace {

using json = nlohmann::json;

std::vector<double> powers_of_two(int first, int last) {
  std::vector<double> v;
  for (int k = first; k <= last; ++k) v.push_back(std::ldexp(1.0, k));
  return v;
}

}  // namespace

const perceptron_setup& setup(profile p) {
  static const perceptron_setup full = [] {
    perceptron_setup s;
    s.seeds = {1, 2, 3, 4, 5};
    s.noise_dt = powers_of_two(-3, 2);
    s.margin_dt = powers_of_two(-15, -10);
    s.p_points = {1024, 2048, 4096, 8192, 16384};
    s.b_points = {512, 1024, 2048, 4096};
    for (double b : powers_of_two(0, 12)) s.batches.push_back(std::int64_t(b));
    return s;
  }();
  static const perceptron_setup quick = [] {
    perceptron_setup s = full;
    s.d = 32;
    s.n_test = 2000;
    s.t_points = 256;
    s.p_points = {256, 512, 1024, 2048};
    s.b_points = {128, 256, 512, 1024};
    s.batches.resize(11);
    return s;
  }();
  return p == profile::full ? full : quick;
}

json setup_json(profile p) {
  const auto& s = setup(p);
  return {{"model", "perceptron"},
          {"d", s.d},
          {"n_test", s.n_test},
          {"alpha", s.alpha},
          {"seeds", s.seeds},
          {"t_points", s.t_points},
          {"noise_dt", s.noise_dt},
          {"margin_dt", s.margin_dt},
          {"p_points", s.p_points},
          {"p_dt", s.p_dt},
          {"b_points", s.b_points},
          {"batches", s.batches},
          {"b_temperature", s.b_temperature}};
}

json perceptron_base(profile p, double chi) {
  const auto& s = setup(p);
  return {{"model", "perceptron"}, {"d", s.d},          {"n_test", s.n_test},
          {"alpha", s.alpha},      {"chi", chi},        {"batch", 2},
          {"steps", 1000000000},   {"record_points", 1}};
}

json temperature_spec(profile p, double chi, const std::vector<double>& dt) {
  auto b = perceptron_base(p, chi);
  b["n"] = setup(p).t_points;
  return {{"base", b}, {"grid", {{"eta", dt}}}, {"seeds", setup(p).seeds}};
}

json points_spec(profile p, double chi) {
  auto b = perceptron_base(p, chi);
  b["eta"] = setup(p).p_dt;
  return {{"base", b}, {"grid", {{"n", setup(p).p_points}}}, {"seeds", setup(p).seeds}};
}

json batch_spec(profile p, double chi, std::int64_t points) {
  auto b = perceptron_base(p, chi);
  b["n"] = points;
  json list = json::array();
  for (auto batch : setup(p).batches)
    if (batch <= points) list.push_back({{"batch", batch}, {"eta", setup(p).b_temperature * double(batch)}});
  return {{"base", b}, {"list", list}, {"seeds", setup(p).seeds}};
}

std::vector<hypothesis> noise_dominated(double alpha, double smallest_dt, std::int64_t batch, std::int64_t points,
                                        double chi) {
  const double scale = std::pow(double(points), 1 / (1 + chi));
  return {{"noise-dominated: alpha dt >= 64 (margin 1/(alpha dt) on u = Delta w/dt)",
           alpha * smallest_dt >= 64,
           {{"alpha_dt", alpha * smallest_dt}}},
          {"B <= P^(1/(1+chi)) (below the critical batch)",
           double(batch) <= scale,
           {{"batch", batch}, {"critical_scale", scale}}}};
}

}  // namespace lnsgd::checks::regimes
