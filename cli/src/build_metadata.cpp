#include "build_metadata.hpp"

#include <CLI/Version.hpp>
#include <Eigen/Core>
#include <boost/version.hpp>
#include <ctime>

#include "lnsgd/cli/build_info.hpp"

namespace lnsgd::cli {

nlohmann::json libraries() {
  return {{"lnsgd", std::string(build_info::version) + " (" + build_info::git + ")"},
          {"compiler", build_info::compiler},
          {"build_type", build_info::build_type},
          {"eigen", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                        std::to_string(EIGEN_MINOR_VERSION)},
          {"boost", BOOST_LIB_VERSION},
          {"cli11", CLI11_VERSION},
          {"nlohmann_json", std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                                std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                                std::to_string(NLOHMANN_JSON_VERSION_PATCH)},
          {"rng", "Random123 Philox4x64-10, counter (trajectory, step, slot, stream), key (seed)"}};
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace lnsgd::cli
