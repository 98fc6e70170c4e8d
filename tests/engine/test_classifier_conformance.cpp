// The classifier conformance suite: every classifier a model folder lists (sim/models/<name>/
// classifier_conformance.hpp, collected by the build) satisfies the engine's Classifier concept, its gradient by
// backpropagation equals 50-digit central differences of its outputs, its Jacobian-vector product (where it has one)
// equals directional differences, and double agrees with 50 digits. A new classifier gets all of it by having a
// classifier_conformance.hpp next to its registration.cpp (docs/architecture.md).
#include <type_traits>

#include "lnsgd/sim/conformance_cases.hpp"
#include "lnsgd/sim/engine/concepts.hpp"
#include "lnsgd/sim/precision.hpp"
#include "support/catch.hpp"

using namespace lnsgd;
using sim::float50;

namespace {

const std::vector<Eigen::Index> batch = {0, 2, 3, 5};

// sum_k sum_c w_kc f_c(theta; x_k) for fixed weights w: its gradient is backward(w), its derivative along v <w, J v>.
template <class Net>
typename Net::value_type weighted_output(const Net& net, const typename Net::vector_type& theta,
                                         const sim::rows_t<typename Net::value_type>& x,
                                         const typename Net::matrix_type& w) {
  auto c = net.make_cache();
  net.forward(theta, x, batch, c);
  return c.logits.cwiseProduct(w).sum();
}

template <class Net>
typename Net::matrix_type output_weights(const Net& net) {
  typename Net::matrix_type w(Eigen::Index(batch.size()), net.classes());
  for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = typename Net::value_type(double(k % 5) / 3 - 0.7);
  return w;
}

template <class Net>
typename Net::vector_type gradient(const Net& net, const typename Net::vector_type& theta,
                                   const sim::rows_t<typename Net::value_type>& x) {
  auto c = net.make_cache();
  net.forward(theta, x, batch, c);
  typename Net::vector_type g;
  net.backward(theta, c, output_weights(net), g);
  return g;
}

template <class Net>
concept HasJvp = requires(const Net& n, const typename Net::vector_type& v, const typename Net::cache& c) {
  { n.jvp(v, c, v) } -> std::convertible_to<typename Net::matrix_type>;
};

template <class Case>
void check_case() {
  const auto data = Case::data();
  const auto x50 = sim::data::cast<float50>(data).train.x;
  Case::template for_each<float50>([&](const std::string& label, const auto& net, const auto& theta) {
    using Net = std::remove_cvref_t<decltype(net)>;
    static_assert(sim::Classifier<Net>);
    INFO(Case::name << " " << label);
    const auto w = output_weights(net);
    const auto g = gradient(net, theta, x50);
    const float50 h("1e-15");  // truncation O(h^2) = 1e-30, rounding 1e-50 / h = 1e-35
    double worst = 0;
    for (Eigen::Index j = 0; j < theta.size(); ++j) {
      auto up = theta, down = theta;
      up[j] += h;
      down[j] -= h;
      const float50 fd = (weighted_output(net, up, x50, w) - weighted_output(net, down, x50, w)) / (2 * h);
      worst = std::max(worst, sim::to_double(abs(fd - g[j])));
    }
    CHECK(worst < 1e-24);
    if constexpr (HasJvp<Net>) {
      typename Net::vector_type v(theta.size());
      for (Eigen::Index j = 0; j < v.size(); ++j) v[j] = float50(double((j * 7) % 11) / 11 - 0.5);
      auto c = net.make_cache();
      net.forward(theta, x50, batch, c);
      const float50 along = (weighted_output(net, theta + h * v, x50, w) - weighted_output(net, theta - h * v, x50, w)) / (2 * h);
      CHECK(sim::to_double(abs(along - net.jvp(theta, c, v).cwiseProduct(w).sum())) < 1e-24);
    }
  });
  // The same variants in double agree with 50 digits (the variants are listed in the same order).
  std::vector<sim::vector_t<double>> in_double;
  Case::template for_each<double>([&](const std::string&, const auto& net, const auto& theta) {
    in_double.push_back(gradient(net, theta, data.train.x));
  });
  std::size_t k = 0;
  Case::template for_each<float50>([&](const std::string& label, const auto& net, const auto& theta) {
    INFO(Case::name << " " << label);
    const auto g = gradient(net, theta, x50);
    const double scale = sim::to_double(g.template lpNorm<Eigen::Infinity>());
    CHECK((g.template cast<double>() - in_double.at(k++)).template lpNorm<Eigen::Infinity>() <= 1e-12 * scale);
  });
}

template <class... Cases>
void check_all() {
  (check_case<Cases>(), ...);
}

}  // namespace

TEST_CASE("classifier conformance: gradients and JVPs equal 50-digit differences, double agrees with 50 digits",
          "[conformance][classifier]") {
  check_all<LNSGD_CLASSIFIER_CONFORMANCE_CASES>();
}
