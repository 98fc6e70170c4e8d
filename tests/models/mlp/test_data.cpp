// The data layer (sim/data/): the IDX reader's validation, Fashion-MNIST from Debian's package (skipped with a
// message where the package is absent), the synthetic tasks and the fixed corruption.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "lnsgd/sim/data/fashion_mnist.hpp"
#include "lnsgd/sim/data/idx_file.hpp"
#include "lnsgd/sim/data/task.hpp"

namespace data = lnsgd::sim::data;
namespace fs = std::filesystem;

namespace {

fs::path write_file(const std::string& name, const std::vector<std::uint8_t>& bytes) {
  const auto p = fs::temp_directory_path() / ("lnsgd-test-data-" + name);
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  return p;
}

std::string error_of(const fs::path& p, std::uint32_t rank) {
  try {
    data::read_idx(p, rank);
  } catch (const data::data_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("IDX reader: valid files, and one-line errors naming the file", "[data]") {
  const std::vector<std::uint8_t> good = {0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9};
  const auto p = write_file("good", good);
  const auto a = data::read_idx(p, 1);
  CHECK(a.dims == std::vector<std::uint32_t>{3});
  CHECK(a.values == std::vector<std::uint8_t>{7, 8, 9});
  const auto gz = fs::temp_directory_path() / "lnsgd-test-data-good.gz";
  gzFile f = gzopen(gz.c_str(), "wb");
  gzwrite(f, good.data(), unsigned(good.size()));
  gzclose(f);
  CHECK(data::read_idx(gz, 1).values == a.values);

  const auto truncated = write_file("short", {0, 0, 8, 1, 0, 0, 0, 3, 7});
  CHECK_THAT(error_of(truncated, 1),
             Catch::Contains("lnsgd-test-data-short") && Catch::Contains("truncated: 1 of the 3"));
  CHECK_THAT(error_of(write_file("long", {0, 0, 8, 1, 0, 0, 0, 1, 7, 8}), 1), Catch::Contains("longer than"));
  CHECK_THAT(error_of(write_file("magic", {0, 0, 9, 1, 0, 0, 0, 1, 7}), 1), Catch::Contains("magic number 00000901"));
  CHECK_THAT(error_of(p, 3), Catch::Contains("rank 3"));
  CHECK_THAT(error_of("/nonexistent/file", 1), Catch::Contains("/nonexistent/file: no such file"));
  CHECK(error_of(p, 1).find('\n') == std::string::npos);
}

TEST_CASE("Fashion-MNIST: a missing folder names the package", "[data]") {
  try {
    data::load_fashion_mnist("/nonexistent/fashion");
    FAIL("no error");
  } catch (const data::data_error& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("/nonexistent/fashion not found"));
  }
  try {
    data::load_fashion_mnist(fs::temp_directory_path());
    FAIL("no error");
  } catch (const data::data_error& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("train-images-idx3-ubyte.gz not found"));
  }
}

TEST_CASE("Fashion-MNIST from Debian's package: balanced, disjoint, standardised subsets", "[data][fashion-mnist]") {
  if (!fs::exists(data::fashion_mnist_package_dir)) {
    WARN("skipped: Debian's dataset-fashion-mnist is not installed (scripts/setup.sh installs it)");
    return;
  }
  data::task_spec spec;
  spec.source = "fashion-mnist";
  spec.n_train = 64;
  spec.n_validation = 30;
  spec.n_test = 100;
  const auto d = data::make_task(spec);
  REQUIRE(d.train.x.rows() == 64);
  REQUIRE(d.train.x.cols() == 784);
  std::vector<int> count(10, 0);
  for (auto l : d.train.labels) ++count[l];
  CHECK(*std::min_element(count.begin(), count.end()) == 6);
  CHECK(*std::max_element(count.begin(), count.end()) == 7);
  CHECK(std::abs(d.train.x.mean()) < 1e-12);
  for (int k = 0; k < 64; ++k)
    for (int j = 0; j < 30; ++j) CHECK((d.train.x.row(k) - d.validation.x.row(j)).norm() > 0);
  spec.labels = "even-odd";
  const auto binary = data::make_task(spec);
  CHECK(binary.classes == 2);
  CHECK(binary.train.x == d.train.x);
  spec.seed = 2;
  CHECK(data::make_task(spec).train.x != d.train.x);
}

TEST_CASE("synthetic tasks and the fixed corruption are pure functions of the seed", "[data]") {
  data::task_spec spec;
  spec.n_train = 2000;
  spec.corruption = 0.2;
  const auto a = data::make_task(spec), b = data::make_task(spec);
  CHECK(a.train.x == b.train.x);
  CHECK(a.train.labels == b.train.labels);
  const auto flipped = std::count(a.corrupted.begin(), a.corrupted.end(), true);
  CHECK(flipped > 320);
  CHECK(flipped < 480);
  for (std::size_t k = 0; k < a.corrupted.size(); ++k)
    CHECK((a.train.labels[k] != a.clean_train_labels[k]) == a.corrupted[k]);
  spec.source = "mixture";
  spec.classes = 4;
  CHECK(data::make_task(spec).classes == 4);
  spec.corruption = 1.5;
  CHECK(data::validate(spec).value() == "corruption = 1.5 (accepted: a rate 0 <= corruption <= 1)");
}
