#pragma once
// Fashion-MNIST (Xiao, Rasul, Vollgraf 2017) from Debian's dataset-fashion-mnist package: 60000 training and 10000
// test images of 28 x 28 grey levels in 10 classes, as IDX files (gzipped in the package, plain files also read).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lnsgd::sim::data {

// Where Debian's package installs the files (`--data-dir` overrides it).
inline constexpr const char* fashion_mnist_package_dir = "/usr/share/datasets/fashion-mnist";
inline constexpr const char* fashion_mnist_package = "dataset-fashion-mnist";
inline constexpr std::int64_t fashion_mnist_classes = 10;

// One official split: images as rows of `pixels` bytes, labels in 0..9.
struct image_split {
  std::int64_t count = 0;
  std::int64_t pixels = 0;           // 784
  std::vector<std::uint8_t> images;  // count x pixels, row-major
  std::vector<std::uint8_t> labels;
};

struct fashion_mnist {
  image_split train, test;
};

// Reads both splits from dir (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...). Throws
// data_error (one line naming the folder and the package, or the file and its defect) when the folder or a file
// is missing, a file is malformed, image and label counts differ, or a label is not in 0..9.
fashion_mnist load_fashion_mnist(const std::filesystem::path& dir);

}  // namespace lnsgd::sim::data
