#pragma once
// The MLP as classifier conformance cases (tests/engine/test_classifier_conformance.cpp): every activation and
// parameterisation, one and two hidden layers, with and without biases, and each network's linearisation, on a
// small Gaussian-mixture task; for every scalar type.
#include <string>

#include "lnsgd/sim/data/task.hpp"
#include "mlp/linearised.hpp"

namespace lnsgd::sim::models {

struct mlp_classifier_cases {
  static constexpr const char* name = "mlp";

  static data::classification_data<double> data() {
    data::task_spec spec;
    spec.source = "mixture";
    spec.classes = 3;
    spec.input_dim = 5;
    spec.n_train = 6;
    spec.n_validation = 0;
    spec.n_test = 4;
    return data::make_task(spec);
  }

  // f(label, classifier, theta) for every variant, theta a generic point (theta(0) of stream (3, 0)).
  template <class Scalar, class F>
  static void for_each(F&& f) {
    for (auto a : {mlp_activation::erf, mlp_activation::gelu, mlp_activation::relu})
      for (auto p : {parameterisation::ntk, parameterisation::standard})
        for (const auto& hidden : {std::vector<std::int64_t>{7}, std::vector<std::int64_t>{6, 4}}) {
          architecture arch;
          arch.inputs = 5;
          arch.hidden = hidden;
          arch.classes = 3;
          arch.act = a;
          arch.param = p;
          arch.biases = hidden.size() == 1;
          arch.weight_std = 1.3;
          arch.bias_std = 0.4;
          const mlp<Scalar> net(arch);
          vector_t<Scalar> theta;
          net.initialize(theta, philox_noise(3, 0));
          const std::string label = std::to_string(int(a)) + "/" + std::to_string(int(p)) + "/" +
                                    std::to_string(hidden.size()) + " hidden";
          f(label, net, theta);
          // The linearisation at theta, evaluated at a point away from it.
          const linearised_mlp<Scalar> lin(net, theta);
          vector_t<Scalar> moved = theta;
          for (Eigen::Index j = 0; j < moved.size(); ++j) moved[j] += Scalar(double((j * 5) % 7) / 7 - 0.4);
          f(label + " linearised", lin, moved);
        }
  }
};

}  // namespace lnsgd::sim::models
