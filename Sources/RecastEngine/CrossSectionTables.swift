import DarkSectorPhysics
import EventGeneration
import Foundation
import HEPDataTables

/// The cached cross-section tables of results/cross-sections (written by `b2recast xsec-tables`),
/// as a lookup: sigma / g^2 by log interpolation between grid masses.
public struct CrossSectionTables: Sendable {
    public var tables: [String: CrossSectionTable]

    /// The table files and the line X is radiated from: the final muons, the final taus, or the
    /// beams (e+e- -> X gamma*, gamma* -> mu+ mu-; keyed as `.electron`).
    public static let processes: [(name: String, lepton: Lepton)] = [("mumuX", .muon), ("tautauX", .tau), ("mumuX_beams", .electron)]

    /// Reads `<process>_<boson>.csv` from `folder` for every process of `processes`.
    public static func load(folder: URL) throws -> CrossSectionTables {
        var tables: [String: CrossSectionTable] = [:]
        for (process, lepton) in processes {
            for boson in RadiatedBoson.allCases {
                let url = folder.appendingPathComponent("\(process)_\(boson.rawValue).csv")
                tables[key(lepton, boson)] = try parse(url: url, lepton: lepton, boson: boson)
            }
        }
        return CrossSectionTables(tables: tables)
    }

    static func key(_ lepton: Lepton, _ boson: RadiatedBoson) -> String { "\(lepton.rawValue)/\(boson.rawValue)" }

    static func parse(url: URL, lepton: Lepton, boson: RadiatedBoson) throws -> CrossSectionTable {
        let path = url.path
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw InputFileError(file: path, field: "(file)", expected: "a cross-section table written by `b2recast xsec-tables`")
        }
        var rows: [CrossSectionTable.Row] = []
        var sawHeader = false
        for (number, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("#") {
            if !sawHeader {
                guard line == "mass_GeV,sigma_per_g2_fb,sigma_error_fb,calls" else {
                    throw InputFileError(file: path, field: "line \(number + 1)", expected: "the header mass_GeV,sigma_per_g2_fb,sigma_error_fb,calls")
                }
                sawHeader = true
                continue
            }
            let fields = line.split(separator: ",").map(String.init)
            guard fields.count == 4, let mass = Double(fields[0]), let sigma = Double(fields[1]), let error = Double(fields[2]),
                  let calls = Int(fields[3]), mass > 0, sigma >= 0, error >= 0 else {
                throw InputFileError(file: path, field: "line \(number + 1)", expected: "mass > 0, sigma >= 0, error >= 0, calls")
            }
            if let previous = rows.last, mass <= previous.mass {
                throw InputFileError(file: path, field: "line \(number + 1)", expected: "masses in increasing order")
            }
            rows.append(.init(mass: mass, crossSection: sigma, error: error, calls: calls))
        }
        guard !rows.isEmpty else { throw InputFileError(file: path, field: "(rows)", expected: "at least one mass") }
        return CrossSectionTable(lepton: lepton, boson: boson, sqrtS: PhysicalConstants.upsilon4SEnergy,
                                 settings: MonteCarloSettings(), rows: rows)
    }

    /// The lookup; a mass outside a table's grid is an error that names the grid.
    public var lookup: CrossSectionLookup {
        let tables = self.tables
        return { lepton, boson, mass in
            guard let table = tables[Self.key(lepton, boson)] else {
                throw InputFileError(file: "results/cross-sections", field: Self.key(lepton, boson), expected: "a table for this process")
            }
            guard let value = table.crossSection(at: mass) else {
                throw InputFileError(file: "results/cross-sections", field: "\(Self.key(lepton, boson)) at \(mass) GeV",
                                     expected: "a mass inside the tabulated \(table.rows.first!.mass)-\(table.rows.last!.mass) GeV "
                                        + "(or use --monte-carlo)")
            }
            return value.value
        }
    }
}
