// The model registry: the built-in models (the generated registered_models.cpp) and those a program registers
// before the first read (engine/model_registration.hpp), looked up by name.
#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "built_in_models.hpp"
#include "lnsgd/sim/engine/model_registration.hpp"

namespace lnsgd::sim {
namespace {

struct registered {
  std::mutex lock;
  std::vector<model_entry> added;  // by register_model, in call order
  bool read = false;               // all_models() has been built: nothing can be added any more
};

registered& state() {
  static registered s;
  return s;
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.front() == '-') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'; });
}

}  // namespace

void register_model(model_entry e) {
  auto& s = state();
  const std::lock_guard guard(s.lock);
  const std::string what = "lnsgd::sim::register_model(\"" + e.name + "\"): ";
  if (!valid_name(e.name)) throw std::logic_error(what + "a model name is [a-z0-9][a-z0-9-]*");
  if (!e.resolve || !e.run || !e.memory_needed)
    throw std::logic_error(what + "resolve, run and memory_needed must all be set");
  const auto taken = [&](const model_entry& other) { return other.name == e.name; };
  const auto built_in = detail::built_in_models();
  if (std::any_of(built_in.begin(), built_in.end(), taken) || std::any_of(s.added.begin(), s.added.end(), taken))
    throw std::logic_error(what + "a model of that name is registered already");
  if (s.read) throw std::logic_error(what + "the registry has been read already; register before the first lnsgd call");
  s.added.push_back(std::move(e));
}

const std::vector<model_entry>& all_models() {
  static const std::vector<model_entry> all = [] {
    auto& s = state();
    const std::lock_guard guard(s.lock);
    s.read = true;
    auto list = detail::built_in_models();
    list.insert(list.end(), s.added.begin(), s.added.end());
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
