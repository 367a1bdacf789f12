import Foundation
import Testing

/// Reference images of `b2recast plot` (issue 18): a few user figures at 72 dpi, compared byte for
/// byte with the PNGs in Tests/Fixtures/plot-reference (rendering is deterministic: the same
/// inputs give the same bytes). On a difference the new render is kept in a temporary folder and
/// both paths are printed, so that a reviewer can look at them side by side. After an intended
/// change, re-record with `B2RECAST_RECORD_PLOT_REFERENCES=1 swift test --filter PlotReferenceImageTests`.
@Suite struct PlotReferenceImageTests {
    static let references = RecastCommandTests.repository.appendingPathComponent("Tests/Fixtures/plot-reference")

    static let cases: [(name: String, arguments: [String])] = [
        ("alp-universal-double", ["--model", "examples/models/alp-universal.yaml", "--style", "double"]),
        ("scalar-tau-philic-single", ["--model", "examples/models/scalar-tau-philic.yaml", "--style", "single"]),
        ("lmu-ltau-dirac-single-outside", ["--model", "examples/models/lmu-ltau-dirac-dark-matter.yaml", "--style", "single",
                                           "--legend", "outside", "--title", "$g_\\chi = 0.05$, $m_\\chi = M_{Z'}/3$"]),
    ]

    @Test(arguments: cases.map(\.name))
    func plotMatchesItsReferenceImage(name: String) throws {
        let arguments = try #require(Self.cases.first { $0.name == name }).arguments.map { argument in
            argument.hasPrefix("examples/") ? RecastCommandTests.repository.appendingPathComponent(argument).path : argument
        }
        let scratch = try B2RecastBinary.temporaryDirectory()
        let rendered = scratch.appendingPathComponent("\(name).png")
        let output = try RecastCommandTests.run(["plot"] + arguments + ["--output", rendered.path, "--dpi", "72"])
        #expect(output.status == 0, "\(output.standardError)")
        let reference = Self.references.appendingPathComponent("\(name).png")
        if ProcessInfo.processInfo.environment["B2RECAST_RECORD_PLOT_REFERENCES"] == "1" {
            try FileManager.default.createDirectory(at: Self.references, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: reference)
            try FileManager.default.copyItem(at: rendered, to: reference)
        }
        let expected = try Data(contentsOf: reference)
        let actual = try Data(contentsOf: rendered)
        if actual == expected {
            try? FileManager.default.removeItem(at: scratch)
        } else {
            Issue.record("\(name): the render differs from its reference image; compare \(reference.path) (reference) with \(rendered.path) (new)")
        }
    }
}
