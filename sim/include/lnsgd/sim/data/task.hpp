#pragma once
// Classification tasks behind one interface (docs/data.md): Fashion-MNIST subsets, a teacher perceptron and a
// Gaussian mixture. Every choice (which images, which inputs, which labels are corrupted) is a pure function of
// the spec and its seed, through the Philox streams data_task and corruption.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "lnsgd/sim/data/classification_data.hpp"

namespace lnsgd::sim::data {

struct task_spec {
  std::string source = "teacher";  // fashion-mnist | teacher | mixture
  std::filesystem::path data_dir = "/usr/share/datasets/fashion-mnist";
  std::string labels = "classes";  // classes (all 10 of Fashion-MNIST) | even-odd (class id mod 2)
  std::int64_t n_train = 256, n_validation = 256, n_test = 1000;
  std::int64_t input_dim = 20;  // teacher, mixture (Fashion-MNIST: 784)
  std::int64_t classes = 2;     // mixture (teacher: 2; Fashion-MNIST: 10, or 2 for even-odd)
  double separation = 2;        // mixture: distance of each class mean from the origin, in noise units
  double corruption = 0;        // fixed symmetric corruption of the training labels at this rate
  std::uint64_t seed = 1;
};

// "field = value (accepted: ...)" for the first field out of range, or nullopt. Does not read files.
std::optional<std::string> validate(const task_spec& spec);

// Builds the task in double. Throws data_error (data/idx_file.hpp) when Fashion-MNIST cannot be read, or when the
// subset asks for more images of a class than the split holds.
classification_data<double> make_task(const task_spec& spec);

}  // namespace lnsgd::sim::data
