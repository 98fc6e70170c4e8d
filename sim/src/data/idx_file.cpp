#include "lnsgd/sim/data/idx_file.hpp"

#include <zlib.h>

#include <memory>

namespace lnsgd::sim::data {
namespace {

struct gz_closer {
  void operator()(gzFile f) const { gzclose(f); }
};
using gz_file = std::unique_ptr<std::remove_pointer_t<gzFile>, gz_closer>;

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
  throw data_error(file.string() + ": " + what);
}

// Reads exactly `size` bytes; the count actually read when the file ends first (a decompression error is fatal).
std::size_t read_bytes(gzFile f, const std::filesystem::path& file, std::uint8_t* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(size - done, 1u << 30));
    const int got = gzread(f, out + done, chunk);
    if (got < 0) {
      int code = 0;
      fail(file, std::string("not a readable gzip or IDX file (") + gzerror(f, &code) + ")");
    }
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  return done;
}

}  // namespace

idx_array read_idx(const std::filesystem::path& file, std::uint32_t rank) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) fail(file, "no such file");
  gz_file f(gzopen(file.c_str(), "rb"));
  if (!f) fail(file, "cannot be opened");
  std::uint8_t header[4];
  if (read_bytes(f.get(), file, header, 4) != 4) fail(file, "truncated: shorter than an IDX header");
  if (header[0] != 0 || header[1] != 0 || header[2] != 0x08 || header[3] != rank) {
    char text[96];
    std::snprintf(text, sizeof text, "magic number %02x%02x%02x%02x is not an unsigned-byte IDX file of rank %u",
                  header[0], header[1], header[2], header[3], rank);
    fail(file, text);
  }
  idx_array a;
  std::size_t total = 1;
  for (std::uint32_t k = 0; k < rank; ++k) {
    std::uint8_t b[4];
    if (read_bytes(f.get(), file, b, 4) != 4) fail(file, "truncated inside its header");
    const std::uint32_t size =
        (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8) | b[3];
    if (size == 0 || size > (1u << 28))
      fail(file, "dimension " + std::to_string(k) + " = " + std::to_string(size) + " is implausible");
    a.dims.push_back(size);
    total *= size;
    if (total > (std::size_t(1) << 34)) fail(file, "its dimensions describe more than 16 GiB");
  }
  a.values.resize(total);
  const std::size_t got = read_bytes(f.get(), file, a.values.data(), total);
  if (got != total)
    fail(file,
         "truncated: " + std::to_string(got) + " of the " + std::to_string(total) + " data bytes its header declares");
  std::uint8_t extra;
  if (read_bytes(f.get(), file, &extra, 1) != 0)
    fail(file, "longer than the " + std::to_string(total) + " data bytes its header declares");
  return a;
}

}  // namespace lnsgd::sim::data
