#pragma once
// The MPI ranks a `lnsgd sweep` runs on (docs/sweep.md). MPI is initialised only where lnsgd was built with it and
// an MPI launcher started this process (mpirun, mpiexec or srun: its environment says so); otherwise, and in every
// other command, the world is this one process. The collectives below are called by every rank in the same order;
// an MPI call that fails ends every rank (MPI's default error handler), so none can wait forever on another.
#include <cstdint>
#include <string>

namespace lnsgd::cli {

class mpi_world {
 public:
  // The world, initialised on the first call (MPI_THREAD_FUNNELED: only the calling thread uses MPI); MPI is
  // finalised when the program ends.
  static mpi_world& get();

  int rank() const { return rank_; }
  int size() const { return size_; }
  // Why this process cannot take part although a launcher started it ("" where that is not so): lnsgd was built
  // without MPI. rank() is then the launcher's rank, size() 1: every rank would run the whole sweep.
  const std::string& cannot_join_reason() const { return reason_; }

  bool all(bool ok) const;                       // ok on every rank
  std::uint64_t sum(std::uint64_t value) const;  // the sum over ranks
  int from_root(int value) const;                // rank 0's value, on every rank
  std::string from_root(const std::string& value) const;
  void barrier() const;

  mpi_world(const mpi_world&) = delete;
  mpi_world& operator=(const mpi_world&) = delete;

 private:
  mpi_world();
  ~mpi_world();
  int rank_ = 0, size_ = 1;
  bool initialised_ = false;
  std::string reason_;
};

// True where this process's environment shows it was started by an MPI launcher.
bool launched_by_mpi();

}  // namespace lnsgd::cli
