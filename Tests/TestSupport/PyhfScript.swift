import Foundation

/// Runs Tests/pyhf/upper_limit.py (pyhf 0.7.6, an independent implementation of the asymptotic
/// CLs of docs/statistics.md 6.3) with the Python named by B2RECAST_PYTHON, else python3.
/// Suites that use it are enabled when pyhf 0.7 imports, or when pyhf is required (CI, or
/// scripts/test.sh, which sets B2RECAST_REQUIRE_PYHF=1): then a missing pyhf fails the test.
public enum PyhfScript {
    public static let python = ProcessInfo.processInfo.environment["B2RECAST_PYTHON"] ?? "python3"
    public static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pyhf/upper_limit.py").path
    public static let isRequired = ProcessInfo.processInfo.environment["CI"] != nil
        || ProcessInfo.processInfo.environment["B2RECAST_REQUIRE_PYHF"] == "1"

    /// pyhf 0.7 importable? (Computed once.)
    public static let available: Bool = {
        guard let result = try? TestProcess.run(tool: python, ["-c", "import pyhf, sys; sys.exit(0 if pyhf.__version__.startswith('0.7') else 1)"])
        else { return false }
        return result.status == 0
    }()

    public struct Limits: Decodable, Sendable {
        public var pyhf: String
        /// The observed limit and the expected ones, lowest first (-2 ... +2 sigma).
        public var observed: Double
        public var expected: [Double]
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// pyhf's CLs upper limits on mu for the workspace file at `level` = 1 - CL (pyhf's default
    /// interpolation codes).
    public static func upperLimits(workspace: String, level: Double) throws -> Limits {
        let result = try TestProcess.run(tool: python, [script, workspace, "\(level)"])
        guard result.status == 0 else { throw Failure(description: "pyhf on \(workspace): exit \(result.status): \(result.standardError)") }
        return try JSONDecoder().decode(Limits.self, from: Data(result.standardOutput.utf8))
    }
}
