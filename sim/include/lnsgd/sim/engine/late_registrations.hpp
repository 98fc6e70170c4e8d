#pragma once
// What a program adds to a registry before its first read (sim::register_model, checks::register_paper): a list
// appended to under a lock, frozen by the first read.
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lnsgd::sim {

template <class Entry>
class late_registrations {
 public:
  // Appends e after validate(e, the entries added so far) has not thrown; throws std::logic_error(what + why)
  // without appending once the list is frozen.
  template <class Validate>
  void add(Entry e, const std::string& what, Validate&& validate) {
    const std::lock_guard guard(lock_);
    validate(std::as_const(e), std::as_const(added_));
    if (frozen_)
      throw std::logic_error(what + "the registry has been read already; register before the first lnsgd call");
    added_.push_back(std::move(e));
  }

  // The entries added so far; nothing can be added afterwards.
  std::vector<Entry> freeze() {
    const std::lock_guard guard(lock_);
    frozen_ = true;
    return added_;
  }

 private:
  std::mutex lock_;
  std::vector<Entry> added_;
  bool frozen_ = false;
};

}  // namespace lnsgd::sim
