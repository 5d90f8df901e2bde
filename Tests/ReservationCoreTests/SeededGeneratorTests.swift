import ReservationCore
import Testing

/// The demo venue of a given day and the benchmarks' questions are made from this generator: a change to its
/// numbers changes both, so they are pinned (SplitMix64's reference values).
@Suite("SeededGenerator: the same seed gives the same numbers")
struct SeededGeneratorTests {
    @Test func theNumbersAreSplitMix64s() {
        var zero = SeededGenerator(seed: 0)
        #expect([zero.next(), zero.next(), zero.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        // The scale benchmark's seed.
        var bench = SeededGenerator(seed: 20_261_125)
        #expect([bench.next(), bench.next(), bench.next()] == [0x92CF_6A4A_AF5C_73E1, 0x2A12_E734_35D3_9EAC, 0x33E4_EDA7_A980_43C0])
    }
}
