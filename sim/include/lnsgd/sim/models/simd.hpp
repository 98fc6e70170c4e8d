#pragma once
// The SIMD layer of the two-layer kernels (two_layer_linear.hpp, panel_kernels.hpp): the six packet operations they
// use, and nothing else, so Eigen's internal packet API is named in this file only.
//
// Why Eigen's packets (an internal API) rather than GCC 12's <experimental/simd>: measured in one run by
// bench/simd_bench.cpp on the step's multiply-add floor (AVX-512, 8 lanes), std::experimental::fma is 1.9x slower
// than Eigen's pmadd (GCC 12 does not lower it to one instruction), and a * b + c matches pmadd only where the
// compiler contracts it (-ffp-contract), which would make the kernels' bits depend on a compiler flag. And
// simd<T> exists only for arithmetic types, while packet_traits<T>::size == 1 for long double and the
// multiprecision types, so one kernel serves every precision with no scalar fallback. Debian's xsimd 8.1 would
// need that fallback too. Replacing the choice means rewriting only this file (the kernels call simd::*);
// Eigen 3.4's packet functions have kept these names since Eigen 3.0.
#include <Eigen/Core>

namespace lnsgd::sim::simd {

template <class Scalar>
using packet = typename Eigen::internal::packet_traits<Scalar>::type;

// Scalars per packet (1 where Eigen does not vectorise the type).
template <class Scalar>
inline constexpr Eigen::Index width = Eigen::internal::packet_traits<Scalar>::size;

template <class Packet, class Scalar>
Packet broadcast(const Scalar& x) {
  return Eigen::internal::pset1<Packet>(x);
}
template <class Packet, class Scalar>
Packet load(const Scalar* from) {  // unaligned
  return Eigen::internal::ploadu<Packet>(from);
}
template <class Scalar, class Packet>
void store(Scalar* to, const Packet& p) {  // unaligned
  Eigen::internal::pstoreu(to, p);
}
template <class Packet>
Packet multiply_add(const Packet& a, const Packet& b, const Packet& c) {  // a b + c
  return Eigen::internal::pmadd(a, b, c);
}
template <class Packet>
Packet multiply(const Packet& a, const Packet& b) {
  return Eigen::internal::pmul(a, b);
}
template <class Packet>
auto sum(const Packet& p) {  // of the packet's lanes
  return Eigen::internal::predux(p);
}

}  // namespace lnsgd::sim::simd
