// The model registry: the built-in models (the generated registered_models.cpp) and those a program registers
// before the first read (engine/model_registration.hpp), looked up by name.
#include <algorithm>
#include <stdexcept>

#include "built_in_models.hpp"
#include "lnsgd/sim/engine/late_registrations.hpp"
#include "lnsgd/sim/engine/model_registration.hpp"

namespace lnsgd::sim {
namespace {

late_registrations<model_entry>& added() {
  static late_registrations<model_entry> a;
  return a;
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.front() == '-') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'; });
}

}  // namespace

void register_model(model_entry e) {
  const std::string what = "lnsgd::sim::register_model(\"" + e.name + "\"): ";
  const auto validate = [&what](const model_entry& candidate, const std::vector<model_entry>& so_far) {
    if (!valid_name(candidate.name)) throw std::logic_error(what + "a model name is [a-z0-9][a-z0-9-]*");
    if (!candidate.resolve || !candidate.run || !candidate.memory_needed)
      throw std::logic_error(what + "resolve, run and memory_needed must all be set");
    const auto taken = [&](const model_entry& other) { return other.name == candidate.name; };
    const auto built_in = detail::built_in_models();
    if (std::any_of(built_in.begin(), built_in.end(), taken) || std::any_of(so_far.begin(), so_far.end(), taken))
      throw std::logic_error(what + "a model of that name is registered already");
  };
  added().add(std::move(e), what, validate);
}

const std::vector<model_entry>& all_models() {
  static const std::vector<model_entry> all = [] {
    auto list = detail::built_in_models();
    const auto more = added().freeze();
    list.insert(list.end(), more.begin(), more.end());
    return list;
  }();
  return all;
}

const model_entry* find_model(std::string_view name) {
  const auto& all = all_models();
  const auto it = std::find_if(all.begin(), all.end(), [&](const model_entry& e) { return e.name == name; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace lnsgd::sim
