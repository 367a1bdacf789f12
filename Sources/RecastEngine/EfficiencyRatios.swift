import EventGeneration
import Foundation
import HEPDataTables

/// The derived efficiency map of one search (results/<id>/derived_signal_efficiency.yaml, written
/// by `reproduce`), used as eff_new / eff_ref in an equal-rate recast: a search's coupling limit
/// was set for its reference signal, and a model with other kinematics is selected with another
/// efficiency. The kit's references are vector bosons (the L_mu - L_tau Z'), so the ratio is
/// eff(scalar) / eff(vector) for a leptophilic scalar and eff(pseudoscalar) / eff(vector) for an
/// ALP, linearly interpolated in mass.
public struct EfficiencyRatios: Sendable {
    public let searchID: String
    let masses: [Double]
    let efficiencies: [RadiatedBoson: [Double]]

    /// The radiated-boson kinematics of a model family, where the kit has a map for it.
    public static func boson(for family: RecastModel.Family) -> RadiatedBoson? {
        switch family {
        case .lMuMinusLTau, .vector: .vector
        case .scalar: .scalar
        case .alp: .pseudoscalar
        case .darkHiggs: nil
        }
    }

    /// The map of `searchID` in `results`, or nil when reproduce wrote none for it (or one without
    /// radiated-boson columns).
    public static func load(searchID: String, results: URL) throws -> EfficiencyRatios? {
        let url = results.appendingPathComponent(searchID).appendingPathComponent(ResultName.derivedEfficiency + ".yaml")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let path = "results/\(searchID)/\(ResultName.derivedEfficiency).yaml"
        let table = try ResultTableReader.parse(yaml: try String(contentsOf: url, encoding: .utf8), file: path)
        var efficiencies: [RadiatedBoson: [Double]] = [:]
        for column in table.dependent where column.name == "signal efficiency" {
            guard let name = column.qualifier("X"), let boson = RadiatedBoson(rawValue: name) else { continue }
            efficiencies[boson] = column.values
        }
        // A map without radiated-boson columns (the dark Higgsstrahlung one) has no ratios to give.
        guard !efficiencies.isEmpty else { return nil }
        guard table.independent.count == 1, efficiencies[.vector] != nil else {
            throw InputFileError(file: path, field: "dependent_variables", expected: "signal efficiency columns with qualifier X (vector, scalar, pseudoscalar) over one mass")
        }
        return EfficiencyRatios(searchID: searchID, masses: table.independent[0].values, efficiencies: efficiencies)
    }

    /// The correction a recast of `family` onto this search's vector reference needs: eff(family) /
    /// eff(vector) at each mass, 1 outside the map; nil for the vector itself and for families
    /// without a map (nothing to correct).
    public func correction(for family: RecastModel.Family) -> ((Double) -> Double)? {
        guard let boson = Self.boson(for: family), boson != .vector, efficiencies[boson] != nil else { return nil }
        return { mass in self.ratio(for: family, at: mass) ?? 1 }
    }

    /// eff(family) / eff(vector) at `mass`: 1 for the vector itself; nil outside the map, where
    /// the map has no column for the family, or where the vector efficiency is 0.
    public func ratio(for family: RecastModel.Family, at mass: Double) -> Double? {
        guard let boson = Self.boson(for: family), let numerator = efficiencies[boson], let denominator = efficiencies[.vector],
              let first = masses.first, let last = masses.last, mass >= first, mass <= last else { return nil }
        if boson == .vector { return 1 }
        let top = DerivedEfficiencies.linearInterpolation(masses, denominator, at: mass)
        guard top > 0 else { return nil }
        return DerivedEfficiencies.linearInterpolation(masses, numerator, at: mass) / top
    }
}
