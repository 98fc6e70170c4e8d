// Issue #11: a seeded fuzzer for the config and flag parsers, run under ctest with a fixed budget (and under the
// ASan + UBSan preset). Configs and argument lists are drawn from each field's type with hostile values (beyond
// int64 and double, fractions, wrong types, control characters, deep nesting, cut-off text), for every registered
// model (its parameters come from the registry, so a new model is fuzzed too); every one must end
// with no signal and no abort: accepted and written (exit 0 or 3, an output with its manifest), or rejected in one
// line with exit 2 and nothing written. The seed and the number of cases are fixed: the same inputs on every run.
#include <nlohmann/json.hpp>
#include <random>
#include <type_traits>

#include "lnsgd/sim/engine/registry.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"

using namespace lnsgd;
namespace fs = std::filesystem;

namespace {

// Raw JSON texts per field type; valid sizes are kept small so an accepted run takes milliseconds.
const std::vector<std::string> integer_texts = {
    "0", "1", "2", "3", "8", "-1", "30", "1e2", "2.5", "-0", "9223372036854775807", "9223372036854775808",
    "18446744073709551615", "-9223372036854775809", "1e400", "\"3\"", "null", "true", "[1]", "{}"};
// m and d also beyond their bounds (1e8, 1e6); a large n is refused only by the memory check, so it is not drawn.
const std::vector<std::string> width_texts = [] {
  auto t = integer_texts;
  t.push_back("100000001");
  return t;
}();
const std::vector<std::string> number_texts = {"0", "-0.0", "1e-300", "1e308", "1e400", "-1e400", "0.001", "0.01",
                                               "10", "4", "-3", "\"nan\"", "null", "[0.1]", "1e-320", "5e-324"};
const std::vector<std::string> string_texts = {
    "\"\"", "\"a4\"", "\"double\"", "\"float50\"", "\"long-double\"", "\"sam\"", "\"sde\"", "\"oscillation\"",
    "\"gradient-flow\"", "\"periodic\"", "\"gaussian\"", "\"cuda\"", "\"linear\"", "\"\\n\"", "\"\\u0000\"",
    "\"" + std::string(300, 'x') + "\"", "0.5", "5", "null", "[\"a\"]"};
const std::vector<std::string> bool_texts = {"true", "false", "0", "1", "\"true\"", "null"};
const std::vector<std::string> list_texts = {"[]", "[0]", "[0, 5]", "[-1]", "[1e400]", "[2.5]", "[\"a\"]", "5",
                                             "[[1]]", "[9223372036854775808]"};

const std::vector<std::string>& texts_for(sim::parameter_kind kind) {
  switch (kind) {
    case sim::parameter_kind::boolean: return bool_texts;
    case sim::parameter_kind::integer: return integer_texts;
    case sim::parameter_kind::number: return number_texts;
    case sim::parameter_kind::text: return string_texts;
    case sim::parameter_kind::integer_list: break;
  }
  return list_texts;
}

struct field {
  std::string name;
  const std::vector<std::string>* texts;
  bool is_flag;
};

// A model's parameters as fuzz fields (all but out and model: every output goes to the scratch folder).
std::vector<field> fields(const sim::model_entry& model) {
  std::vector<field> out;
  for (const auto& p : model.parameters) {
    if (p.name == "out" || p.name == "model") continue;
    const bool width = p.name == "m" || p.name == "d";
    out.push_back({p.name, width ? &width_texts : &texts_for(p.kind), p.kind == sim::parameter_kind::boolean});
  }
  return out;
}

// The size parameters a model accepts, each pinned to 3 unless the input set it: an accepted run takes milliseconds.
std::vector<std::string> size_keys(const sim::model_entry& model) {
  std::vector<std::string> keys;
  for (const std::string& key :
       {model.length_parameter, std::string("m"), std::string("d"), std::string("n"), std::string("n_test"),
        std::string("n_validation"), std::string("hidden"), std::string("trajectories"), std::string("record_points")})
    for (const auto& p : model.parameters)
      if (p.name == key) keys.push_back(key);
  return keys;
}

std::string flag_of(std::string key) {
  std::replace(key.begin(), key.end(), '_', '-');
  return "--" + key;
}

template <class Rng>
std::size_t pick(Rng& rng, std::size_t n) {
  return static_cast<std::size_t>(rng() % n);  // the engine's raw output: the same on every standard library
}

// A config text: a few fields with drawn values, sometimes cut short, nested deep or with an unknown key.
template <class Rng>
std::string draw_config(Rng& rng, const std::vector<field>& all) {
  std::string text = "{";
  const std::size_t count = 1 + pick(rng, 6);
  for (std::size_t k = 0; k < count; ++k) {
    const auto& f = all[pick(rng, all.size())];
    if (k) text += ", ";
    text += "\"" + f.name + "\": " + (*f.texts)[pick(rng, f.texts->size())];
  }
  switch (pick(rng, 10)) {
    case 0: text += ", \"learning_rate\": 0.1"; break;
    case 1: text += ", \"m\": " + std::string(200, '[') + std::string(200, ']'); break;
    case 2: text.resize(pick(rng, text.size() + 1)); return text;  // cut off
    case 3: text += "} trailing"; return text;
    default: break;
  }
  return text + "}";
}

// An argument list for simulate or regime: flags with drawn values, sometimes a missing value or an unknown flag.
template <class Rng>
std::vector<std::string> draw_flags(Rng& rng, const std::vector<field>& all) {
  static const std::vector<std::string> odd = {"--", "-", "--m=3", "--frobnicate", "-m", "--M", "=", "", "\n"};
  std::vector<std::string> args;
  const std::size_t count = 1 + pick(rng, 5);
  for (std::size_t k = 0; k < count; ++k) {
    if (pick(rng, 12) == 0) {
      args.push_back(odd[pick(rng, odd.size())]);
      continue;
    }
    const auto& f = all[pick(rng, all.size())];
    std::string flag = "--" + f.name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    args.push_back(flag);
    if (f.is_flag || pick(rng, 15) == 0) continue;  // a flag, or an option missing its value
    std::string value = (*f.texts)[pick(rng, f.texts->size())];
    if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
    args.push_back(value);
  }
  return args;
}

// The rules every run obeys, whatever its input.
void check_outcome(const test::cli_result& r, const fs::path& out, const test::scratch_dir& tmp,
                   const std::string& input) {
  INFO("input: " << input << "\nexit " << r.code << ", stderr: " << r.err);
  REQUIRE((r.code == 0 || r.code == 2 || r.code == 3));
  if (r.code == 2) {
    CHECK(test::lines(r.err) == 1);
    CHECK(r.out.empty());
    for (const auto& e : fs::directory_iterator(tmp.path)) CHECK(e.path().filename() == "cfg.json");
  } else {
    CHECK(fs::is_regular_file(out / "lnsgd-manifest.json"));
    fs::remove_all(out);
  }
}

}  // namespace

TEST_CASE("fuzzed configs: no crash, one-line rejections, nothing half-written", "[cli][fuzz][config]") {
  std::mt19937_64 rng(20261201);
  test::scratch_dir tmp;
  for (int k = 0; k < 400; ++k) {
    const auto& model = sim::all_models()[pick(rng, sim::all_models().size())];
    const std::string text = draw_config(rng, fields(model));
    std::ofstream(tmp / "cfg.json") << text;
    auto j = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> args = {"simulate", "--model", model.name, "--config", tmp / "cfg.json", "--out",
                                     tmp / "out", "--quiet"};
    for (const auto& key : size_keys(model))
      if (!j.is_object() || !j.contains(key)) args.insert(args.end(), {flag_of(key), "3"});
    check_outcome(test::run_cli(args), tmp.path / "out", tmp, model.name + ": " + text);
  }
}

TEST_CASE("fuzzed simulate flags: no crash, one-line rejections, nothing half-written", "[cli][fuzz][flags]") {
  std::mt19937_64 rng(11);
  test::scratch_dir tmp;
  for (int k = 0; k < 400; ++k) {
    const auto& model = sim::all_models()[pick(rng, sim::all_models().size())];
    auto args = draw_flags(rng, fields(model));
    for (const auto& key : size_keys(model))
      if (std::find(args.begin(), args.end(), flag_of(key)) == args.end()) args.insert(args.begin(), {flag_of(key), "3"});
    std::string shown = model.name + ": ";
    for (const auto& a : args) shown += a + " ";
    args.insert(args.begin(), {"simulate", "--model", model.name});
    args.insert(args.end(), {"--out", tmp / "out", "--quiet"});
    check_outcome(test::run_cli(args), tmp.path / "out", tmp, shown);
  }
}

TEST_CASE("fuzzed regime flags: no crash, one-line rejections", "[cli][fuzz][regime]") {
  std::mt19937_64 rng(12);
  const std::vector<field> regime = {{"m", &integer_texts, false},     {"n", &integer_texts, false},
                                     {"d", &integer_texts, false},     {"eta", &number_texts, false},
                                     {"sigma", &number_texts, false},  {"theta_star_norm", &number_texts, false},
                                     {"max_x_norm", &number_texts, false}, {"seed", &integer_texts, false},
                                     {"json", &bool_texts, true}};
  test::scratch_dir tmp;
  for (int k = 0; k < 300; ++k) {
    auto args = draw_flags(rng, regime);
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    args.insert(args.begin(), "regime");
    const auto r = test::run_cli(args);
    INFO("input: " << shown << "\nexit " << r.code << ", stderr: " << r.err);
    REQUIRE((r.code == 0 || r.code == 2));
    if (r.code == 2) CHECK(test::lines(r.err) == 1);
  }
}
