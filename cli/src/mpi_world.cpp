#include "mpi_world.hpp"

#include <cstdlib>

#ifdef LNSGD_HAVE_MPI
#include <mpi.h>
#endif

namespace lnsgd::cli {

bool launched_by_mpi() {
  // Open MPI's mpirun, PMIx launchers (Open MPI 4+, Slurm's srun --mpi=pmix), and PMI-1/2 (MPICH's Hydra, srun).
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

mpi_world& mpi_world::get() {
  static mpi_world world;
  return world;
}

#ifdef LNSGD_HAVE_MPI

mpi_world::mpi_world() {
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

mpi_world::~mpi_world() {
  int finalised = 0;
  if (initialised_ && (MPI_Finalized(&finalised), !finalised)) MPI_Finalize();
}

bool mpi_world::all(bool ok) const {
  if (!initialised_) return ok;
  int mine = ok ? 1 : 0, every = 0;
  MPI_Allreduce(&mine, &every, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  return every != 0;
}

std::uint64_t mpi_world::sum(std::uint64_t value) const {
  if (!initialised_) return value;
  std::uint64_t total = 0;
  MPI_Allreduce(&value, &total, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  return total;
}

int mpi_world::from_root(int value) const {
  if (initialised_) MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return value;
}

std::string mpi_world::from_root(const std::string& value) const {
  if (!initialised_) return value;
  std::string text = value;
  std::uint64_t length = text.size();
  MPI_Bcast(&length, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  text.resize(length);
  MPI_Bcast(text.data(), int(length), MPI_CHAR, 0, MPI_COMM_WORLD);
  return text;
}

void mpi_world::barrier() const {
  if (initialised_) MPI_Barrier(MPI_COMM_WORLD);
}

#else  // built without MPI: one rank

mpi_world::mpi_world() {
  if (!launched_by_mpi()) return;
  reason_ =
      "an MPI launcher started lnsgd, but it was built without MPI (accepted: lnsgd sweep without mpirun, "
      "or a build with libopenmpi-dev installed)";
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"})
    if (const char* r = std::getenv(name)) {
      rank_ = std::atoi(r);  // the launcher's rank, so that only rank 0 says why
      break;
    }
}

mpi_world::~mpi_world() = default;
bool mpi_world::all(bool ok) const { return ok; }
std::uint64_t mpi_world::sum(std::uint64_t value) const { return value; }
int mpi_world::from_root(int value) const { return value; }
std::string mpi_world::from_root(const std::string& value) const { return value; }
void mpi_world::barrier() const {}

#endif

}  // namespace lnsgd::cli
