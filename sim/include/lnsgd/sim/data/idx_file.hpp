#pragma once
// IDX files (LeCun's MNIST format, also Fashion-MNIST's): a big-endian header — two zero bytes, a type byte (0x08:
// unsigned bytes, the only type MNIST-like sets use), the rank — then one 32-bit size per dimension and the data.
// Gzipped or plain files are read alike (zlib). Every malformed file is a data_error naming it (docs/data.md).
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace lnsgd::sim::data {

// A data set that cannot be used: the message is one line naming the file (or package) and what is wrong.
struct data_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct idx_array {
  std::vector<std::uint32_t> dims;   // e.g. {60000, 28, 28} for images, {60000} for labels
  std::vector<std::uint8_t> values;  // row-major, exactly the product of dims
};

// Reads an unsigned-byte IDX file of the given rank. Throws data_error when the file is missing or unreadable, its
// magic number is not 0x0000 08 rank, or it holds fewer or more bytes than its dimensions say.
idx_array read_idx(const std::filesystem::path& file, std::uint32_t rank);

}  // namespace lnsgd::sim::data
