import DarkSectorPhysics
import Foundation
import HEPDataTables

/// A (g-2)_mu discrepancy Delta a_mu +- sigma: an input of the bands, read from
/// `paper-data/reference/muon-g-2/` (format `b2recast-muon-anomaly/1`), never a constant in code
/// (docs/physics.md 2.3).
public struct MuonAnomaly: Sendable, Hashable {
    public var name: String
    public var value: Double
    public var uncertainty: Double
    public var source: String

    public static let format = "b2recast-muon-anomaly/1"
    /// Where `reproduce` looks for it, relative to the paper-data folder.
    public static let path = "reference/muon-g-2/delta-a-mu-2021.yaml"

    public init(name: String, value: Double, uncertainty: Double, source: String) {
        self.name = name
        self.value = value
        self.uncertainty = uncertainty
        self.source = source
    }

    /// The file under `paperData`, or nil when the folder has none (the bands are then not written).
    public static func load(paperData: URL) throws -> MuonAnomaly? {
        let url = paperData.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let file = url.path
        let reader = FieldReader(file: file)
        let root = try reader.mapping(YAMLInput.load(path: file), field: "(document)",
                                      allowed: ["format", "name", "delta_a_mu", "uncertainty", "source", "note"])
        let format = try reader.string(root["format"], field: "format")
        guard format == Self.format else { throw InputFileError(file: file, field: "format", expected: "\"\(Self.format)\", got \"\(format)\"") }
        if let note = root["note"] { _ = try reader.string(note, field: "note") }
        return MuonAnomaly(name: try reader.string(root["name"], field: "name"),
                           value: try reader.number(root["delta_a_mu"], field: "delta_a_mu", atLeast: -1e-6, atMost: 1e-6),
                           uncertainty: try reader.number(root["uncertainty"], field: "uncertainty", atLeast: 1e-15, atMost: 1e-6),
                           source: try reader.string(root["source"], field: "source"))
    }

    /// The L_mu - L_tau coupling g' for which the Z' contribution (docs/physics.md 2.3) lies within
    /// `sigmas` standard deviations of the discrepancy, at `mass` (GeV).
    public func lMuMinusLTauBand(mass: Double, sigmas: Double) -> ClosedRange<Double> {
        AnomalousMagneticMoment.couplingBand(contributionAtUnitCoupling: AnomalousMagneticMoment.vector(coupling: 1, mass: mass),
                                             discrepancy: value, uncertainty: uncertainty, sigmas: sigmas)
    }
}
