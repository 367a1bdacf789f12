import Foundation
@testable import RecastEngine
import Testing

/// The arithmetic of scans: point numbering and shards.
@Suite struct ParameterScanTests {
    static let spec = ScanSpecification(name: "t", search: "s", darkMatter: .diracFermion, masses: [1, 2, 3],
                                        couplingRatios: [0.5, 2], massFractions: [0.1, 0.2, 0.3, 0.4], digest: "")

    @Test func pointsRunMassFastestAndCoverTheGridOnce() {
        #expect(Self.spec.pointCount == 24)
        #expect(Self.spec.point(0) == (1, 0.5, 0.1))
        #expect(Self.spec.point(4) == (2, 2, 0.1))
        #expect(Self.spec.point(23) == (3, 2, 0.4))
        let all = (0..<24).map { Self.spec.point($0) }.map { "\($0.mass)/\($0.couplingRatio)/\($0.massFraction)" }
        #expect(Set(all).count == 24)
    }

    /// For every split of 0...200 points into 1...25 shards, the shards are contiguous, in order,
    /// cover every point exactly once, and differ in size by at most one.
    @Test func shardsPartitionThePoints() {
        for total in 0...200 {
            for count in 1...25 {
                let ranges = (1...count).map { ParameterScan.shardRange($0, of: count, total: total) }
                #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == total)
                for (a, b) in zip(ranges, ranges.dropFirst()) where a.upperBound != b.lowerBound {
                    Issue.record("total \(total), \(count) shards: \(a) then \(b)")
                }
                let sizes = ranges.map(\.count)
                #expect(sizes.max()! - sizes.min()! <= 1)
            }
        }
    }
}
