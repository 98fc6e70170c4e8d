#include "lnsgd/sim/data/fashion_mnist.hpp"

#include "lnsgd/sim/data/idx_file.hpp"

namespace lnsgd::sim::data {
namespace {

std::string install_hint(const std::filesystem::path& dir) {
  return dir == fashion_mnist_package_dir
             ? std::string("install Debian's package ") + fashion_mnist_package +
                   " (scripts/setup.sh does) or pass --data-dir DIR"
             : std::string("pass --data-dir DIR naming the folder of Fashion-MNIST's IDX files");
}

// name.gz if present, else name (Debian ships the gzipped files; a user may have unpacked them).
std::filesystem::path locate(const std::filesystem::path& dir, const std::string& name) {
  std::error_code ec;
  const auto gz = dir / (name + ".gz");
  if (std::filesystem::exists(gz, ec)) return gz;
  if (std::filesystem::exists(dir / name, ec)) return dir / name;
  throw data_error("Fashion-MNIST: " + gz.string() + " not found (" + install_hint(dir) + ")");
}

image_split load_split(const std::filesystem::path& dir, const std::string& prefix) {
  const auto image_file = locate(dir, prefix + "-images-idx3-ubyte");
  const auto label_file = locate(dir, prefix + "-labels-idx1-ubyte");
  idx_array images = read_idx(image_file, 3);
  idx_array labels = read_idx(label_file, 1);
  if (images.dims[0] != labels.dims[0])
    throw data_error(label_file.string() + ": " + std::to_string(labels.dims[0]) + " labels for the " +
                     std::to_string(images.dims[0]) + " images of " + image_file.filename().string());
  for (std::size_t k = 0; k < labels.values.size(); ++k)
    if (labels.values[k] >= fashion_mnist_classes)
      throw data_error(label_file.string() + ": label " + std::to_string(labels.values[k]) + " at index " +
                       std::to_string(k) + " is not a class 0..9");
  image_split s;
  s.count = images.dims[0];
  s.pixels = std::int64_t(images.dims[1]) * images.dims[2];
  s.images = std::move(images.values);
  s.labels = std::move(labels.values);
  return s;
}

}  // namespace

fashion_mnist load_fashion_mnist(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw data_error("Fashion-MNIST: folder " + dir.string() + " not found (" + install_hint(dir) + ")");
  fashion_mnist f;
  f.train = load_split(dir, "train");
  f.test = load_split(dir, "t10k");
  if (f.train.pixels != f.test.pixels)
    throw data_error("Fashion-MNIST: " + dir.string() + ": training and test images differ in size");
  return f;
}

}  // namespace lnsgd::sim::data
