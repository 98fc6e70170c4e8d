#pragma once
// What one trajectory writes through the engine: a row of the observer's columns at every record step
// (trajectory.csv) and, if the observer has one, its snapshot table at the snapshot steps. A non-finite value is
// divergence (thrown as `divergence`, so the step loop reports it with its step); nothing non-finite is written.
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "lnsgd/sim/engine/part_files.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/precision.hpp"

namespace lnsgd::sim {

// An engine observable set: columns() names the row, record(theta, row) fills it (nullopt: undefined cell).
// Optionally snapshot_table() / snapshot_header() / snapshot(theta, emit) write per-coordinate rows.
template <class O, class State>
concept RowObservables = requires(O& o, const State& theta, std::vector<std::optional<typename State::Scalar>>& row) {
  { o.columns() } -> std::convertible_to<std::vector<std::string>>;
  o.record(theta, row);
};

template <class O>
concept HasSnapshots = requires(const O& o) {
  { o.snapshot_table() } -> std::convertible_to<std::string>;
  { o.snapshot_header() } -> std::convertible_to<std::string>;
};

template <class Scalar, class Observables>
class recorder {
 public:
  using row_type = std::vector<std::optional<Scalar>>;

  recorder(Observables& obs, const std::vector<std::uint64_t>& records, const std::vector<std::uint64_t>& snapshots,
           std::uint64_t k, const std::filesystem::path& dir)
      : obs_(obs), records_(records), snapshots_(snapshots), k_(k), columns_(obs.columns()),
        rows_(open_or_throw(part_path(dir, "trajectory", k))) {
    rows_.precision(std::numeric_limits<Scalar>::max_digits10);
    if constexpr (HasSnapshots<Observables>) {
      snapshot_file_.emplace(open_or_throw(part_path(dir, obs.snapshot_table(), k)));
      snapshot_file_->precision(std::numeric_limits<Scalar>::max_digits10);
    }
  }

  // Rows and snapshots due at `step` (the state is theta(step)).
  template <class State>
  void write_due(const State& theta, std::uint64_t step) {
    if (next_record_ < records_.size() && records_[next_record_] == step) {
      ++next_record_;
      obs_.record(theta, row_);
      for (std::size_t i = 0; i < row_.size(); ++i)
        if (row_[i] && !is_finite(*row_[i])) throw divergence{columns_[i] + " is not finite (overflow)"};
      rows_ << k_ << ',' << step;
      for (const auto& v : row_) {
        rows_ << ',';
        if (v) rows_ << *v;
      }
      rows_ << '\n';
      last_row_ = row_;
    }
    if constexpr (HasSnapshots<Observables>) {
      if (next_snapshot_ < snapshots_.size() && snapshots_[next_snapshot_] == step) {
        ++next_snapshot_;
        std::ostringstream block;  // a snapshot is written whole or not at all
        block.precision(std::numeric_limits<Scalar>::max_digits10);
        obs_.snapshot(theta, [&](const std::string& cells, const Scalar& value) {
          if (!is_finite(value)) throw divergence{obs_.snapshot_table() + " value is not finite (overflow)"};
          block << k_ << ',' << step << ',' << cells << ',' << value << '\n';
        });
        *snapshot_file_ << block.str();
      }
    }
  }

  // The last row written, as (column, value) for the defined cells.
  std::vector<std::pair<std::string, double>> last_values() const {
    std::vector<std::pair<std::string, double>> out;
    for (std::size_t i = 0; i < last_row_.size(); ++i)
      if (last_row_[i]) out.emplace_back(columns_[i], to_double(*last_row_[i]));
    return out;
  }

  void flush() {
    if (!rows_.flush() || (snapshot_file_ && !snapshot_file_->flush()))
      throw std::runtime_error("write failed for trajectory " + std::to_string(k_));
  }

 private:
  Observables& obs_;
  const std::vector<std::uint64_t>& records_;
  const std::vector<std::uint64_t>& snapshots_;
  std::uint64_t k_;
  std::vector<std::string> columns_;
  std::ofstream rows_;
  std::optional<std::ofstream> snapshot_file_;
  row_type row_, last_row_;
  std::size_t next_record_ = 0, next_snapshot_ = 0;
};

}  // namespace lnsgd::sim
