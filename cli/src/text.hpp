#pragma once
// Text for messages: every error lnsgd prints is one line, whatever the input held.
#include <string>
#include <vector>

namespace lnsgd::cli {

// s with control characters written as escapes (\n, \t, \x01), so a message built from user input stays one line.
std::string one_line(const std::string& s);

// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo (at most a third of
// the word's length, and at most 3 edits); empty otherwise.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace lnsgd::cli
