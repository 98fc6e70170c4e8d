#pragma once
// The dynamics every model gets from the engine, and the stepper each is built from an engine_config with: the
// model's driver (engine/run_model.hpp, or a model's own, as the two-layer net's) chooses nothing itself.
#include <string>
#include <vector>

#include "lnsgd/sim/engine/engine_config.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/label_noise.hpp"
#include "lnsgd/sim/steppers/gradient_flow_stepper.hpp"
#include "lnsgd/sim/steppers/label_noise_sde.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/steppers/sam.hpp"
#include "lnsgd/sim/steppers/substeps.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim {

// The dynamics every model gets from the engine.
inline const std::vector<std::string> engine_dynamics = {"label-noise-sgd", "sam", "gradient-flow", "sde", "sde-full"};

// The label-noise policy of an engine config.
template <class Scalar>
label_noise<Scalar> make_noise(const engine_config& c) {
  label_noise<Scalar> noise;
  noise.distribution =
      c.label_noise == "gaussian" ? label_noise<Scalar>::law::gaussian : label_noise<Scalar>::law::rademacher;
  noise.sigma = Scalar(c.sigma);
  noise.schedule.type = c.schedule == "periodic" ? noise_schedule::kind::periodic : noise_schedule::kind::constant;
  noise.schedule.on = static_cast<std::uint64_t>(c.noise_on);
  noise.schedule.off = static_cast<std::uint64_t>(c.noise_off);
  return noise;
}

// Calls run(stepper) with the stepper of c.dynamics (one of engine_dynamics) for the model, its data and its loss,
// and returns what run returns (the same type for every stepper).
template <class Model, class Loss, class Run>
auto with_engine_stepper(const engine_config& c, const Model& model,
                         const regression_data<typename Model::value_type>& data, const Loss& loss, Run&& run) {
  using Scalar = typename Model::value_type;
  const sampling how{c.batch, c.full_batch};
  if (c.dynamics == "sam") {
    sam<Model, Loss> stepper(model, how, make_noise<Scalar>(c), Scalar(c.rho), loss);
    return run(stepper);
  }
  if (c.dynamics == "gradient-flow") {
    gradient_flow_stepper<Model, Loss> stepper(model, data, flow_tolerance<Scalar>(), loss);
    return run(stepper);
  }
  if (c.dynamics == "sde" || c.dynamics == "sde-full") {  // sde-full: plus SGD's sampling noise (none at full batch)
    substeps<label_noise_sde<Model, Loss>> stepper(
        {model, Scalar(c.eta), Scalar(c.sigma), c.full_batch ? data.n() : c.batch, loss,
         c.dynamics == "sde-full" && !c.full_batch},
        static_cast<std::uint64_t>(c.substeps));
    return run(stepper);
  }
  label_noise_sgd<Model, Loss> stepper(model, how, make_noise<Scalar>(c), loss);
  return run(stepper);
}

}  // namespace lnsgd::sim
