import Foundation
import Testing
import TestSupport
import LimitStatistics
import NumericalMethods

/// Runs Tests/pyhf/upper_limit.py with the Python named by B2RECAST_PYTHON (or python3).
enum PyhfRunner {
    static let python = ProcessInfo.processInfo.environment["B2RECAST_PYTHON"] ?? "python3"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pyhf/upper_limit.py").path
    /// CI, or scripts/test.sh (which installs pyhf): the comparison must run, not skip.
    static let isRequired = ProcessInfo.processInfo.environment["CI"] != nil
        || ProcessInfo.processInfo.environment["B2RECAST_REQUIRE_PYHF"] == "1"

    static func run(_ arguments: [String]) throws -> TestProcess.Output {
        try TestProcess.run(tool: python, arguments)
    }

    /// pyhf 0.7 importable? (Computed once.)
    static let available: Bool = {
        guard let result = try? run(["-c", "import pyhf, sys; sys.exit(0 if pyhf.__version__.startswith('0.7') else 1)"]) else { return false }
        return result.status == 0
    }()

    struct Limits: Decodable {
        var pyhf: String
        var observed: Double
        var expected: [Double]
    }

    static func upperLimit(_ model: CountingModel, level: Double, muMax: Double) throws -> Limits {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-pyhf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("workspace.json")
        try PyhfWorkspace.json(model, signalStrengthUpperBound: muMax).write(to: file, atomically: true, encoding: .utf8)
        let codes = try PyhfWorkspace.interpolationCodes(model)
        let result = try run([script, file.path, "\(level)", "1", codes.normsys, codes.histosys])
        guard result.status == 0 else { throw ModelError.invalid(field: "pyhf run", expected: "exit 0, got \(result.status)") }
        return try JSONDecoder().decode(Limits.self, from: Data(result.standardOutput.utf8))
    }
}

/// The kit's asymptotic CLs against pyhf 0.7.6 (an independent implementation: scipy
/// optimiser, its own modifiers and asymptotic calculator) on seeded random models.
/// Requirement of issue 2: agreement to 1e-3 relative in the observed and expected limits.
/// Skipped with a message when Python with pyhf 0.7 is not installed; CI installs it
/// (scripts/test.sh) and then the test must run.
@Suite(.enabled(if: PyhfRunner.available || PyhfRunner.isRequired,
                "pyhf 0.7 not importable by \(PyhfRunner.python): set B2RECAST_PYTHON or run scripts/test.sh"))
struct PyhfComparisonTests {
    /// Random single- and multi-bin models with normsys, histosys, lumi and shapesys. Even
    /// indices use the plain exponential / linear responses (pyhf code1 / code0), odd ones
    /// pyhf's default interpolation (code4 / code4p).
    static func randomModel(_ index: Int) throws -> CountingModel {
        var generator = SplitMix64(seed: 2023, stream: UInt64(index))
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * generator.nextUniform() }
        let bins = index % 3 == 0 ? 1 : Int(uniform(2, 5))
        let background = (0..<bins).map { _ in uniform(0.5, 150) }
        let signal = (0..<bins).map { _ in uniform(0.5, 10) }
        let observed = background.map { Double(Inversion.poisson(mean: $0, uniform: generator.nextUniform())) }
        var parameters = [
            NuisanceParameter(name: "sig_eff", initial: 0, lowerBound: -5, upperBound: 5, constraint: .normal(auxiliary: 0, width: 1)),
            NuisanceParameter(name: "bkg_norm", initial: 0, lowerBound: -5, upperBound: 5, constraint: .normal(auxiliary: 0, width: 1)),
            NuisanceParameter(name: "lumi", initial: 1, lowerBound: 0.5, upperBound: 1.5, constraint: .normal(auxiliary: 1, width: 0.02)),
        ]
        let pyhfDefault = index % 2 == 1
        let (signalUp, signalDown) = (1 + uniform(0.02, 0.15), 1 - uniform(0.02, 0.15))
        let (backgroundUp, backgroundDown) = (1 + uniform(0.02, 0.3), 1 - uniform(0.02, 0.3))
        let signalModifiers = [
            Modifier(parameter: 0, response: pyhfDefault ? .polynomialExponential(up: signalUp, down: signalDown)
                                                         : .exponential(up: signalUp, down: signalDown)),
            Modifier(parameter: 2, response: .scale),
        ]
        var backgroundModifiers = [
            Modifier(parameter: 1, response: pyhfDefault ? .polynomialLinear(up: backgroundUp, down: backgroundDown)
                                                         : .linear(up: backgroundUp, down: backgroundDown)),
            Modifier(parameter: 2, response: .scale),
        ]
        if bins > 1 {
            for bin in 0..<bins {
                let relative = uniform(0.03, 0.2)
                parameters.append(NuisanceParameter(name: "stat_\(bin)", initial: 1, lowerBound: 1e-10, upperBound: 10,
                                                    constraint: .poisson(tau: 1 / (relative * relative))))
                backgroundModifiers.append(Modifier(parameter: parameters.count - 1, bin: bin, response: .scale))
            }
        }
        return try CountingModel(observed: observed, samples: [
            Sample(name: "signal", yields: signal, isSignal: true, modifiers: signalModifiers),
            Sample(name: "background", yields: background, isSignal: false, modifiers: backgroundModifiers),
        ], parameters: parameters)
    }

    @Test(arguments: 0..<12)
    func asymptoticCLsAgreesWithPyhf(index: Int) throws {
        let model = try Self.randomModel(index)
        let ours = try AsymptoticCLsCalculator(model: model).upperLimit(options: LimitOptions(confidenceLevel: 0.9))
        let theirs = try PyhfRunner.upperLimit(model, level: 0.1, muMax: 20 * ours.expected!.plus2)
        #expect(theirs.pyhf.hasPrefix("0.7"))
        let tolerance = 1e-3
        #expect(abs(ours.observed / theirs.observed - 1) < tolerance, "observed: kit \(ours.observed), pyhf \(theirs.observed)")
        for (a, b) in zip(ours.expected!.ordered, theirs.expected) {
            #expect(abs(a / b - 1) < tolerance, "expected edge: kit \(a), pyhf \(b)")
        }
        // State the agreement reached (visible in the test log).
        let deviations = zip([ours.observed] + ours.expected!.ordered, [theirs.observed] + theirs.expected).map { abs($0 / $1 - 1) }
        let codes = try PyhfWorkspace.interpolationCodes(model)
        print("pyhf comparison, model \(index) (\(model.binCount) bins, \(codes.normsys)/\(codes.histosys)): largest relative difference \(deviations.max()!)")
    }
}
