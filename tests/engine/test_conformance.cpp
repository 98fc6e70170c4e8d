// The model conformance suite: every registered model (each model folder's conformance case, listed by the build,
// and its registry entry) in every scalar type passes the engine's contracts. A new model gets all of it by having
// a conformance.hpp next to its registration.cpp (docs/architecture.md).
#include <nlohmann/json.hpp>

#include "lnsgd/sim/conformance_cases.hpp"
#include "lnsgd/sim/engine/registry.hpp"
#include "lnsgd/sim/engine/stepping.hpp"
#include "lnsgd/sim/problem.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/steppers/sam.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"

using namespace lnsgd;
using sim::float50;
namespace fs = std::filesystem;

namespace {

// Case<Scalar> -> Case<float50>, and the scalar.
template <class T>
struct case_traits;
template <template <class> class C, class S>
struct case_traits<C<S>> {
  template <class U>
  using rebind = C<U>;
  using scalar = S;
};

template <class Scalar>
Scalar epsilon() {
  return std::numeric_limits<Scalar>::epsilon();
}

// A generic point: theta(0) plus 0.1 N(0, 1) per coordinate (Philox stream init, step 9), the same in every precision.
template <class Case>
auto test_point(const typename Case::model_type& model) {
  using S = typename case_traits<Case>::scalar;
  typename Case::model_type::vector_type theta;
  const sim::philox_noise noise(5, 0);
  model.initialize(theta, noise);
  for (Eigen::Index q = 0; q < theta.size(); ++q) theta[q] += S(0.1) * noise.normal<S>(sim::stream::init, 9, q);
  return theta;
}

// The batch {0, 2, 3} with targets y_k + 0.3.
const std::vector<Eigen::Index> batch = {0, 2, 3};

template <class Case>
auto batch_loss(const typename Case::model_type& model, const sim::regression_data<typename case_traits<Case>::scalar>& data,
                const typename Case::model_type::vector_type& theta) {
  using S = typename case_traits<Case>::scalar;
  auto ws = model.make_workspace();
  std::vector<S> f(batch.size());
  model.forward(theta, data.x_train, batch, f.data(), ws);
  S sum = 0;
  for (std::size_t k = 0; k < batch.size(); ++k) sum += Case::loss().value(f[k], data.y_train[batch[k]] + S(0.3));
  return sum / S(double(batch.size()));
}

template <class Case>
auto analytic_gradient(const typename Case::model_type& model, const sim::regression_data<typename case_traits<Case>::scalar>& data,
                       const typename Case::model_type::vector_type& theta) {
  using S = typename case_traits<Case>::scalar;
  auto ws = model.make_workspace();
  std::vector<S> c(batch.size());
  model.forward(theta, data.x_train, batch, c.data(), ws);
  for (std::size_t k = 0; k < batch.size(); ++k)
    c[k] = Case::loss().derivative(c[k], data.y_train[batch[k]] + S(0.3)) / S(double(batch.size()));
  typename Case::model_type::vector_type g;
  model.gradient(theta, data.x_train, batch, c.data(), ws, g);
  return g;
}

template <class V>
double relative(const V& x, const V& y) {
  return sim::to_double((x - y).template lpNorm<Eigen::Infinity>() / y.template lpNorm<Eigen::Infinity>());
}

}  // namespace

TEMPLATE_PRODUCT_TEST_CASE("conformance: the analytic gradient equals 50-digit central differences",
                           "[conformance][gradient]", (LNSGD_CONFORMANCE_CASES), (double, long double, sim::float50)) {
  using S = typename case_traits<TestType>::scalar;
  using Wide = typename case_traits<TestType>::template rebind<float50>;
  const auto wide_model = Wide::model();
  const auto wide_data = Wide::data();
  const auto wide_theta = test_point<Wide>(wide_model);
  sim::vector_t<float50> fd(wide_theta.size());
  const float50 h("1e-17");  // truncation ~h^2 = 1e-34, rounding ~1e-50/h = 1e-33
  for (Eigen::Index q = 0; q < wide_theta.size(); ++q) {
    auto plus = wide_theta, minus = wide_theta;
    plus[q] += h;
    minus[q] -= h;
    fd[q] = (batch_loss<Wide>(wide_model, wide_data, plus) - batch_loss<Wide>(wide_model, wide_data, minus)) / (2 * h);
  }
  INFO(TestType::name);
  if constexpr (std::is_same_v<S, float50>) {
    CHECK(relative(analytic_gradient<Wide>(wide_model, wide_data, wide_theta), fd) < 1e-30);
  } else {  // the gradient in S agrees with the 50-digit differences to S's rounding
    const auto model = TestType::model();
    const auto g = analytic_gradient<TestType>(model, TestType::data(), test_point<TestType>(model));
    sim::vector_t<float50> g_wide = g.template cast<float50>();
    CHECK(relative(g_wide, fd) < 1e3 * sim::to_double(epsilon<S>()));
  }
}

TEMPLATE_PRODUCT_TEST_CASE("conformance: a GD step is theta - eta grad L", "[conformance][stepper]",
                           (LNSGD_CONFORMANCE_CASES), (double, long double, sim::float50)) {
  using S = typename case_traits<TestType>::scalar;
  using model_t = typename TestType::model_type;
  const auto model = TestType::model();
  const auto data = TestType::data();
  auto theta = test_point<TestType>(model);
  const auto before = theta;
  // grad L = (1/n) sum_k l'(f_k, y_k) grad f_k, from the model's gradient() on the whole training set.
  std::vector<Eigen::Index> all(static_cast<std::size_t>(data.n()));
  std::iota(all.begin(), all.end(), Eigen::Index(0));
  auto ws = model.make_workspace();
  std::vector<S> c(all.size());
  model.forward(theta, data.x_train, all, c.data(), ws);
  for (std::size_t k = 0; k < all.size(); ++k) c[k] = TestType::loss().derivative(c[k], data.y_train[all[k]]) / S(double(all.size()));
  typename model_t::vector_type g;
  model.gradient(theta, data.x_train, all, c.data(), ws, g);
  const S eta(0.01);
  sim::label_noise_sgd<model_t, sim::squared_loss<S>> gd(model, {1, true}, {}, TestType::loss());
  const sim::problem<model_t> sys{model, data, sim::philox_noise(1, 0)};
  gd.do_step(sys, theta, 0, eta);
  INFO(TestType::name);
  CHECK(relative(typename model_t::vector_type(theta - before), typename model_t::vector_type(-eta * g)) <
        1e3 * sim::to_double(epsilon<S>()));
}

// Related-work digest section 6 (derived): the label-noise part of a batch-B step, eta (1/B) sum_k eps_k grad f_{i_k}
// with eps_k = +-sigma and i_k drawn with replacement, has mean 0 and covariance eta^2 sigma^2 / B (1/n) sum_i
// grad f_i grad f_i^T, on every model. Exact expectations by enumerating all n^2 index pairs and 4 sign pairs (B = 2).
TEMPLATE_PRODUCT_TEST_CASE("conformance: the label-noise covariance is eta^2 sigma^2 / B times the mean gradient outer "
                           "product", "[conformance][noise-covariance]", (LNSGD_CONFORMANCE_CASES), (sim::float50)) {
  using S = float50;
  using model_t = typename TestType::model_type;
  using matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  const auto model = TestType::model();
  const auto data = TestType::data();
  const auto theta = test_point<TestType>(model);
  const S eta("0.1"), sigma("0.3");
  const auto n = data.n(), p = model.parameter_count();
  auto ws = model.make_workspace();
  // eta (1/B) sum_k c_k grad f_{idx_k}: the model's own gradient() after its forward pass.
  auto part = [&](const std::vector<Eigen::Index>& idx, const std::vector<S>& c) {
    std::vector<S> f(idx.size());
    model.forward(theta, data.x_train, idx, f.data(), ws);
    typename model_t::vector_type g;
    model.gradient(theta, data.x_train, idx, c.data(), ws, g);
    return typename model_t::vector_type(eta * g);
  };
  matrix predicted = matrix::Zero(p, p);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto g = part({i}, {S(1)});  // eta grad f_i
    predicted += g * g.transpose() * (sigma * sigma / S(2) / S(double(n)));
  }
  matrix covariance = matrix::Zero(p, p);
  typename model_t::vector_type mean = model_t::vector_type::Zero(p);
  const S weight = S(1) / S(double(4 * n * n));
  for (Eigen::Index i1 = 0; i1 < n; ++i1)
    for (Eigen::Index i2 = 0; i2 < n; ++i2)
      for (int s1 : {-1, 1})
        for (int s2 : {-1, 1}) {
          const auto xi = part({i1, i2}, {S(s1) * sigma / 2, S(s2) * sigma / 2});
          mean += weight * xi;
          covariance += weight * xi * xi.transpose();
        }
  INFO(TestType::name);
  const S scale = predicted.norm();
  CHECK(sim::to_double(mean.norm() / sqrt(scale)) < 1e-40);
  CHECK(sim::to_double((covariance - predicted).norm() / scale) < 1e-40);
  // Control: without the 1/B the same comparison fails.
  CHECK(sim::to_double((covariance - S(2) * predicted).norm() / scale) > 0.5);
}

TEMPLATE_PRODUCT_TEST_CASE("conformance: label-noise draws and batches are the same in every precision",
                           "[conformance][noise]", (LNSGD_CONFORMANCE_CASES), (long double, sim::float50)) {
  using S = typename case_traits<TestType>::scalar;
  using Narrow = typename case_traits<TestType>::template rebind<double>;
  auto run = [](auto tag) {
    using C = decltype(tag);
    using T = typename case_traits<C>::scalar;
    const auto model = C::model();
    const auto data = C::data();
    sim::label_noise<T> noise;
    noise.sigma = T(0.5);
    sim::label_noise_sgd<typename C::model_type, sim::squared_loss<T>> sgd(model, {3, false}, noise, C::loss());
    const sim::problem<typename C::model_type> sys{model, data, sim::philox_noise(7, 2)};
    auto theta = test_point<C>(model);
    std::vector<std::pair<std::vector<std::int64_t>, std::vector<double>>> draws;
    for (std::uint64_t t = 0; t < 20; ++t) {
      sgd.do_step(sys, theta, t, T(0.01));
      std::vector<double> targets;  // the noise t_k - y_k: the data's own rounding differs between precisions
      const auto& rec = sgd.last_step();
      for (std::size_t k = 0; k < rec.targets.size(); ++k)
        targets.push_back(sim::to_double(T(rec.targets[k] - data.y_train[rec.indices[k]])));
      draws.emplace_back(sgd.last_step().indices, targets);
    }
    return draws;
  };
  const auto narrow = run(Narrow{});
  const auto wide = run(TestType{});
  INFO(TestType::name);
  REQUIRE(narrow.size() == wide.size());
  for (std::size_t t = 0; t < narrow.size(); ++t) {
    CHECK(narrow[t].first == wide[t].first);  // the same samples
    for (std::size_t k = 0; k < narrow[t].second.size(); ++k)
      CHECK(std::abs(narrow[t].second[k] - wide[t].second[k]) <= 1e-14);  // +-0.5 up to the rounding of y + eps
  }
  (void)sizeof(S);
}

TEMPLATE_PRODUCT_TEST_CASE("conformance: SAM steps from the point at distance rho along the gradient",
                           "[conformance][sam]", (LNSGD_CONFORMANCE_CASES), (double, sim::float50)) {
  using S = typename case_traits<TestType>::scalar;
  using model_t = typename TestType::model_type;
  const auto model = TestType::model();
  const auto data = TestType::data();
  auto theta = test_point<TestType>(model);
  const auto before = theta;
  const S rho(0.05), eta(0.01);
  sim::label_noise<S> noise;
  noise.sigma = S(0.5);
  sim::sam<model_t, sim::squared_loss<S>> step(model, {3, false}, noise, rho, TestType::loss());
  const sim::problem<model_t> sys{model, data, sim::philox_noise(4, 1)};
  step.do_step(sys, theta, 0, eta);
  // Independently: g = grad L_hat(theta) with the step's own batch and targets, theta' = theta + rho g / ||g||.
  const auto& rec = step.last_step();
  const auto batch_gradient = [&](const typename model_t::vector_type& at) {
    auto ws = model.make_workspace();
    std::vector<S> c(rec.indices.size());
    model.forward(at, data.x_train, rec.indices, c.data(), ws);
    for (std::size_t k = 0; k < c.size(); ++k) c[k] = TestType::loss().derivative(c[k], rec.targets[k]) / S(double(c.size()));
    typename model_t::vector_type g;
    model.gradient(at, data.x_train, rec.indices, c.data(), ws, g);
    return g;
  };
  const auto g = batch_gradient(before);
  const typename model_t::vector_type perturbed = before + (rho / g.norm()) * g;
  INFO(TestType::name);
  CHECK(sim::to_double(abs((perturbed - before).norm() - rho)) < 1e3 * sim::to_double(epsilon<S>()));
  const typename model_t::vector_type expected = before - eta * batch_gradient(perturbed);
  CHECK(relative(theta, expected) < 1e3 * sim::to_double(epsilon<S>()));
  // Control: without the perturbation the step is SGD's, which differs.
  const typename model_t::vector_type plain = before - eta * g;
  CHECK(relative(theta, plain) > 1e6 * sim::to_double(epsilon<S>()));
}

namespace {

// A registered model's values for a short, small run (the sizes it has set small).
nlohmann::json small_values(const sim::model_entry& m, const fs::path& out) {
  nlohmann::json v = nlohmann::json::object();
  for (const auto& p : m.parameters) v[p.name] = p.default_value;
  const auto shrunk = [&](bool sizes) {
    nlohmann::json w = v;
    for (const auto& [k, value] : m.small_run.items())
      if (w.contains(k) && (sizes || (k != "m" && k != "d" && k != "n" && k != "n_test" && k != "sparsity")))
        w[k] = value;
    w["out"] = out.string();
    w["quiet"] = true;
    return w;
  };
  // The small sizes, or the model's own sizes where it rejects them (e.g. a model that needs n <= d).
  auto w = shrunk(true);
  return m.resolve(w, {}) ? shrunk(false) : shrunk(true);
}

std::string tables_text(const sim::model_entry& m, const fs::path& dir) {
  std::string all;
  for (const auto& [file, what] : m.tables) all += file + "\n" + test::slurp(dir / file);
  return all;
}

}  // namespace

TEST_CASE("conformance: every registered model gives the same bits on repeat and with 1 or 2 threads",
          "[conformance][reproducibility]") {
  for (const auto& m : sim::all_models()) {
    DYNAMIC_SECTION(m.name) {
      test::scratch_dir tmp;
      std::vector<std::string> texts;
      for (const auto& [name, threads] : std::vector<std::pair<std::string, int>>{{"a", 1}, {"b", 2}, {"c", 1}}) {
        auto v = small_values(m, tmp.path / name);
        v["threads"] = threads;
        REQUIRE(!m.resolve(v, {}));
        fs::create_directory(tmp.path / name);
        const auto outcome = m.run(v, tmp.path / name, nullptr);
        CHECK(!outcome.first_divergence);
        texts.push_back(tables_text(m, tmp.path / name));
      }
      CHECK(texts[0].size() > 200);
      CHECK(texts[0] == texts[1]);
      CHECK(texts[0] == texts[2]);
    }
  }
}

TEST_CASE("conformance: every registered model runs each of its dynamics in every precision", "[conformance][dynamics]") {
  for (const auto& m : sim::all_models()) {
    const auto dynamics = std::find_if(m.parameters.begin(), m.parameters.end(), [](const auto& p) { return p.name == "dynamics"; });
    REQUIRE(dynamics != m.parameters.end());
    REQUIRE(!m.dynamics.empty());
    for (const auto& d : m.dynamics)
      for (const char* precision : {"double", "long-double", "float50"}) {
        DYNAMIC_SECTION(m.name << " " << d << " " << precision) {
          test::scratch_dir tmp;
          auto v = small_values(m, tmp.path);
          v["dynamics"] = d;
          v["precision"] = precision;
          v[m.length_parameter] = 6;
          v["trajectories"] = 1;
          REQUIRE(!m.resolve(v, {}));
          const auto outcome = m.run(v, tmp.path, nullptr);
          CHECK(!outcome.first_divergence);
          CHECK(test::lines(test::slurp(tmp.path / "trajectory.csv")) >= 7);  // header and 0..6 (steps or epochs)
        }
      }
  }
}

TEST_CASE("conformance: every registered model rejects bad input in one line naming the field",
          "[conformance][input]") {
  for (const auto& m : sim::all_models()) {
    DYNAMIC_SECTION(m.name) {
      test::scratch_dir tmp;
      const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
          {{"--eta", "-1"}, "eta = -1"},
          {{"--" + m.length_parameter, "-1"}, m.length_parameter + " = -1"},
          {{"--precision", "quad"}, "precision = quad"},
          {{"--dynamics", "adam"}, "dynamics = adam"},
          {{"--batch", "100000"}, "batch = 100000"},
          {{"--trajectories", "0"}, "trajectories = 0"}};
      for (const auto& [flags, expected] : cases) {
        const auto field = expected.substr(0, expected.find(' '));
        if (std::none_of(m.parameters.begin(), m.parameters.end(), [&](const auto& p) { return p.name == field; }))
          continue;  // a parameter this model does not have (the drift-diffusion searcher has no eta or batch)
        std::vector<std::string> args = {"simulate", "--model", m.name, "--out", tmp / "out"};
        args.insert(args.end(), flags.begin(), flags.end());
        const auto r = test::run_cli(args);
        INFO(r.err);
        CHECK(r.code == 2);
        CHECK(r.err.find(expected) != std::string::npos);
        CHECK(test::lines(r.err) == 1);
        CHECK(!fs::exists(tmp.path / "out"));
      }
      std::ofstream(tmp / "cfg.json") << R"({"no_such_parameter": 1})";
      const auto r = test::run_cli({"simulate", "--model", m.name, "--config", tmp / "cfg.json", "--out", tmp / "out"});
      CHECK(r.code == 2);
      CHECK(r.err.find("unknown key 'no_such_parameter' for model " + m.name) != std::string::npos);
    }
  }
}

TEST_CASE("conformance: every model's stepping session advanced in pieces is the session advanced at once",
          "[conformance][stepping]") {
  std::size_t with_sessions = 0;
  for (const auto& m : sim::all_models()) {
    if (!m.start_session) continue;
    ++with_sessions;
    DYNAMIC_SECTION(m.name) {
      test::scratch_dir tmp;
      for (const auto& dynamics : sim::engine_dynamics) {
        auto v = small_values(m, tmp.path / "unused");
        v["dynamics"] = dynamics;
        if (m.resolve(v, {})) continue;  // a dynamics this model's validation refuses at these values
        INFO(dynamics);
        auto whole = m.start_session(v, 1);
        auto pieces = m.start_session(v, 1);
        const std::vector<double> start(whole->state().begin(), whole->state().end());
        REQUIRE(whole->advance(40).steps_done == 40);
        for (const std::uint64_t k : {1, 6, 33}) REQUIRE(pieces->advance(k).steps_done == k);
        CHECK(pieces->step_index() == 40);
        const std::vector<double> a(whole->state().begin(), whole->state().end());
        const std::vector<double> b(pieces->state().begin(), pieces->state().end());
        CHECK(a == b);
        CHECK(a != start);  // the steps moved the state
        CHECK(whole->observe().size() == whole->columns().size());
        // Control: another trajectory's noise gives another state (unless the dynamics draws none).
        auto other = m.start_session(v, 2);
        other->advance(40);
        if (dynamics != "gradient-flow" && v.value("sigma", 0.0) > 0)
          CHECK(std::vector<double>(other->state().begin(), other->state().end()) != a);
      }
      auto v = small_values(m, tmp.path / "unused");
      v["precision"] = "float50";
      REQUIRE(!m.resolve(v, {}));
      CHECK_THROWS_AS(m.start_session(v, 0), std::invalid_argument);
    }
  }
  CHECK(with_sessions >= 3);  // the main paper's net and the engine's recipe models
}
