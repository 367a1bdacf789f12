import ArgumentParser
import DarkSectorPhysics
import EventGeneration
import HEPDataTables
import RecastEngine

/// `b2recast xsec`: production cross sections at one mass point.
struct CrossSectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xsec",
        abstract: "Production cross section of a dark boson at one mass.",
        discussion: """
        mumuX, tautauX: sigma(e+e- -> l+ l- X) with X radiated from the final lepton line, tree \
        level with full lepton masses, by the kit's adaptive Monte Carlo; printed for unit \
        coupling (sigma scales as g^2) with its statistical error. Aprime-hprime: \
        sigma(e+e- -> A'h') / (eps^2 alpha_D), closed form. \
        With --model instead of --process: the cross sections of that model point, one per \
        production line (final muons, final taus, the beams), with the model options of \
        `b2recast widths` (the names of the model-card keys, e.g. --model vector --x-mu-V 1 --g 0.01).
        """
    )

    enum Process: String, ExpressibleByArgument, CaseIterable {
        case mumuX, tautauX
        case darkHiggsstrahlung = "Aprime-hprime"
    }

    @Option(help: "mumuX, tautauX or Aprime-hprime (or --model).")
    var process: Process?

    @Option(help: "vector, scalar, pseudoscalar or axialVector (mumuX and tautauX).")
    var boson: RadiatedBoson?

    /// --mass, --dark-higgs-mass (M_h' for Aprime-hprime) and, with --model, the model point.
    @OptionGroup var point: ModelPointOptions

    var mass: Double { point.mass }
    var darkHiggsMass: Double? { point.darkHiggsMass }

    @Option(name: .customLong("sqrt-s"), parsing: .unconditional, help: "Centre-of-mass energy, GeV.")
    var sqrtS: Double = PhysicalConstants.upsilon4SEnergy

    @Option(parsing: .unconditional, help: "Requested relative statistical precision of the Monte Carlo.")
    var precision: Double = 0.005

    @Option(help: "Seed of the Monte Carlo; the same seed gives the same result.")
    var seed: UInt64 = 2022

    @Option(parsing: .unconditional, help: "Also print sigma at this coupling g (sigma scales as g^2).")
    var coupling: Double?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        try InputRange.bosonMass.check(mass, option: "mass")
        try InputRange.sqrtS.check(sqrtS, option: "sqrt-s")
        try InputRange.precision.check(precision, option: "precision")
        try InputRange.coupling.check(coupling, option: "coupling")
        try InputRange.lightMass.check(darkHiggsMass, option: "dark-higgs-mass")
        guard let process else {
            guard point.model != nil else { throw ValidationError("give --process mumuX|tautauX|Aprime-hprime or --model (a model point, as for widths)") }
            guard boson == nil, coupling == nil else { throw ValidationError("--boson and --coupling go with --process; --model takes the model's own couplings") }
            return
        }
        guard point.model == nil else { throw ValidationError("give either --process or --model, not both") }
        switch process {
        case .mumuX, .tautauX:
            guard boson != nil else { throw ValidationError("--boson vector|scalar|pseudoscalar|axialVector is required for \(process.rawValue)") }
            let lepton: Lepton = process == .mumuX ? .muon : .tau
            guard sqrtS > 2 * lepton.mass + mass else {
                throw ValidationError("--mass \(mass) GeV is above the threshold --sqrt-s \(sqrtS) GeV - 2 m_\(lepton.rawValue) = \(sqrtS - 2 * lepton.mass) GeV")
            }
        case .darkHiggsstrahlung:
            guard let darkHiggsMass else { throw ValidationError("--dark-higgs-mass (GeV) is required for Aprime-hprime") }
            guard mass + darkHiggsMass < sqrtS else {
                throw ValidationError("--mass \(mass) GeV plus --dark-higgs-mass \(darkHiggsMass) GeV is above sqrt(s) = \(sqrtS) GeV: A'h' is not produced")
            }
        }
    }

    func run() throws {
        guard let process else { return try runModel() }
        var members: [(String, JSONText)] = [("process", .string(process.rawValue))]
        var lines: [String] = []
        switch process {
        case .darkHiggsstrahlung:
            let sigma = DarkHiggsModel.crossSectionPerUnitCoupling(sqrtS: sqrtS, darkPhotonMass: mass, darkHiggsMass: darkHiggsMass!)
            members += [("sqrt_s_GeV", .exact(sqrtS)), ("dark_photon_mass_GeV", .exact(mass)),
                        ("dark_higgs_mass_GeV", .exact(darkHiggsMass!)),
                        ("sigma_per_eps2_alphaD_fb", .number(sigma, digits: 6)), ("method", .string("closed form, docs/physics.md 1.3"))]
            lines = ["e+e- -> A'h' at sqrt(s) = \(sqrtS) GeV, M_A' = \(mass) GeV, M_h' = \(darkHiggsMass!) GeV",
                     "sigma / (eps^2 alpha_D) = \(format(sigma)) fb"]
        case .mumuX, .tautauX:
            let lepton: Lepton = process == .mumuX ? .muon : .tau
            let progress = ProgressLine(label: "xsec")
            let result = RadiativeCrossSection(
                lepton: lepton, boson: boson!, bosonMass: mass, sqrtS: sqrtS,
                settings: MonteCarloSettings(relativePrecision: precision, seed: seed)
            ) { progress.update(Int(100 * $0), unit: "%") }
            progress.finish()
            let estimate = result.estimate
            members += [("boson", .string(boson!.rawValue)), ("mass_GeV", .exact(mass)), ("sqrt_s_GeV", .exact(sqrtS)),
                        ("sigma_per_g2_fb", .number(estimate.value, digits: 6)),
                        ("sigma_per_g2_error_fb", .number(estimate.error, digits: 3)),
                        ("requested_precision", .exact(precision)), ("calls", .integer(estimate.calls)),
                        ("seed", .integer(Int(seed))), ("method", .string("tree level, adaptive multichannel VEGAS"))]
            lines = ["e+e- -> \(lepton.rawValue)+ \(lepton.rawValue)- X, X \(boson!.rawValue) of \(mass) GeV, sqrt(s) = \(sqrtS) GeV",
                     "sigma / g^2 = \(format(estimate.value)) +- \(format(estimate.error)) fb (\(estimate.calls) points, seed \(seed))"]
            if let coupling {
                let sigma = estimate.value * coupling * coupling
                members.append(("coupling", .exact(coupling)))
                members.append(("sigma_fb", .number(sigma, digits: 6)))
                lines.append("sigma at g = \(coupling): \(format(sigma)) +- \(format(estimate.error * coupling * coupling)) fb")
            }
        }
        writeStandardOutput(json ? JSONText.object(members).rendered() + "\n" : lines.joined(separator: "\n") + "\n")
    }

    private func format(_ value: Double) -> String { SignificantDigits.format(value, digits: 5) }

    /// --model: sigma of each production line of the model point at its own couplings.
    func runModel() throws {
        guard let model = point.model, let modelPoint = point.darkSectorModel else { throw ValidationError("--model is required") }
        let rates: [FinalStateRate]
        do {
            rates = try SignalRates.compute(modelPoint, sqrtS: sqrtS, settings: MonteCarloSettings(relativePrecision: precision, seed: seed))
        } catch {
            throw ValidationError(error.description)
        }
        var seen = Set<String>()
        let lines = rates.filter { seen.insert($0.production).inserted }
        var members: [(String, JSONText)] = [("model", .string(model.rawValue)), ("mass_GeV", .exact(mass)), ("sqrt_s_GeV", .exact(sqrtS))]
        members.append(("cross_sections", .array(lines.map { rate in
            .object([("production", .string(rate.production)), ("sigma_fb", .number(rate.crossSection, digits: 6)),
                     ("sigma_error_fb", .number(rate.crossSectionError, digits: 3))])
        })))
        var text = ["\(model.rawValue) at M = \(mass) GeV, sqrt(s) = \(sqrtS) GeV (the model's couplings; seed \(seed))"]
        text += lines.map { "\($0.production.column(38))sigma = \(format($0.crossSection)) +- \(format($0.crossSectionError)) fb" }
        if lines.isEmpty { text.append("no production line with a coupling") }
        writeStandardOutput(json ? JSONText.object(members).rendered() + "\n" : text.joined(separator: "\n") + "\n")
    }
}

extension RadiatedBoson: ExpressibleByArgument {}
