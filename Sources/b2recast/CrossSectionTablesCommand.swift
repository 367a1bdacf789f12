import ArgumentParser
import DarkSectorPhysics
import EventGeneration
import Foundation
import HEPDataTables
import RecastEngine

/// `b2recast xsec-tables`: regenerates the cached cross-section tables.
struct CrossSectionTablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xsec-tables",
        abstract: "Regenerate the cached tables of sigma(e+e- -> l+ l- X) per unit coupling.",
        discussion: """
        One CSV per process and boson type (vector, scalar, pseudoscalar, axialVector) on the standard \
        100-mass grid, with the precision, seeds and method in its header: mumuX and tautauX (X \
        from the final leptons, Monte Carlo), mumuX_beams (X from the beams, e+e- -> X gamma* -> \
        X mu+ mu-, quadrature). The same options give the same bytes.
        """
    )

    @Option(name: .customLong("process"), help: "Only these processes (mumuX, tautauX, mumuX_beams); repeatable. Default: all.")
    var processes: [String] = []

    @Option(name: .customLong("boson"), help: "Only these bosons (vector, scalar, pseudoscalar, axialVector); repeatable. Default: all.")
    var bosons: [RadiatedBoson] = []

    @Option(help: "Output folder.") var output: String = "results/cross-sections"
    @Option(help: "Requested relative Monte Carlo precision per mass.") var precision: Double = 0.005
    @Option(help: "Seed of the first mass; mass i uses seed + i.") var seed: UInt64 = 2022
    @Option(name: .customLong("sqrt-s"), help: "Centre-of-mass energy, GeV.") var sqrtS: Double = PhysicalConstants.upsilon4SEnergy

    func validate() throws {
        guard precision > 0, precision < 1 else { throw ValidationError("--precision must lie between 0 and 1") }
        guard sqrtS > 4, sqrtS.isFinite else { throw ValidationError("--sqrt-s must exceed 2 m_tau with room for X (GeV)") }
        let known = CrossSectionTables.processes.map(\.name)
        for process in processes where !known.contains(process) {
            throw ValidationError("--process: expected one of \(known), got '\(process)'")
        }
    }

    func run() throws {
        let staged = try StagedOutput(folder: output, option: "output")
        for (name, lepton) in CrossSectionTables.processes where processes.isEmpty || processes.contains(name) {
            for boson in RadiatedBoson.allCases where bosons.isEmpty || bosons.contains(boson) {
                let progress = ProgressLine(label: "\(name) \(boson.rawValue)")
                // The beams radiate into a mu+ mu- pair: the muon grid.
                let masses = CrossSectionTable.standardMasses(lepton: lepton == .electron ? .muon : lepton, sqrtS: sqrtS)
                let update: (Int) -> Void = { progress.update($0, unit: "of \(masses.count) masses") }
                let table = lepton == .electron
                    ? try CrossSectionTable.computeBeamEmission(boson: boson, masses: masses, sqrtS: sqrtS, progress: update)
                    : CrossSectionTable.compute(lepton: lepton, boson: boson, masses: masses, sqrtS: sqrtS,
                                                settings: MonteCarloSettings(relativePrecision: precision, seed: seed), progress: update)
                progress.finish()
                try staged.write(Self.csv(table, process: name), to: "\(name)_\(boson.rawValue).csv")
            }
        }
        try staged.commit()
    }

    /// The table as CSV with a commented header; masses exact, cross sections to 6 and errors to 3 significant digits.
    static func csv(_ table: CrossSectionTable, process: String) -> String {
        var lines = table.lepton == .electron ? [
            "# sigma(e+e- -> mu+ mu- X) / g_e^2, X = \(table.boson.rawValue) radiated from the e+ or e- beam, gamma* -> mu+ mu-",
            "# provenance: derived (b2recast: tree-level e+e- -> X gamma* amplitude, gamma* -> mu+ mu- factorised, adaptive quadrature; docs/physics.md 2.4)",
            "# sqrt_s_GeV = \(table.sqrtS); relative quadrature tolerance 1e-05 (the error column); no Monte Carlo, calls = 0",
            "# regenerate: b2recast xsec-tables --process \(process)",
            "mass_GeV,sigma_per_g2_fb,sigma_error_fb,calls",
        ] : [
            "# sigma(e+e- -> \(table.lepton.rawValue)+ \(table.lepton.rawValue)- X) / g^2, X = \(table.boson.rawValue) radiated from the \(table.lepton.rawValue) line",
            "# provenance: derived (b2recast: tree-level matrix element, adaptive multichannel VEGAS; docs/physics.md 2.2)",
            "# sqrt_s_GeV = \(table.sqrtS); requested relative precision \(table.settings.relativePrecision); seed of mass i = \(table.settings.seed) + i",
            "# regenerate: b2recast xsec-tables --precision \(table.settings.relativePrecision) --seed \(table.settings.seed)",
            "mass_GeV,sigma_per_g2_fb,sigma_error_fb,calls",
        ]
        for row in table.rows {
            // Masses exactly (shortest round-trip decimal), so that a row can be recomputed alone.
            lines.append(["\(row.mass)", SignificantDigits.format(row.crossSection, digits: 6),
                          SignificantDigits.format(row.error, digits: 3), String(row.calls)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
