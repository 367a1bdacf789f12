import ArgumentParser
import DarkSectorPhysics
import Foundation
import EventGeneration
import HEPDataTables
import RecastEngine

/// `b2recast widths`: every partial width and branching fraction of a model point, and sigma x BF
/// for each production and decay, with the searches (of the loaded search cards) that limit it.
/// The model options carry the names of the model-card keys with '-' for '_' (docs/model-cards.md).
struct WidthsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "widths",
        abstract: "Partial widths, branching fractions and sigma x BF of one model point.",
        discussion: """
        Models and their parameters (as in the literature; docs/physics.md):
          dark-higgs   --epsilon --alpha-D --mass (M_A') and --dark-higgs-mass (M_h', GeV) or \
        --dark-higgs-mass-over-mass; optionally A' -> chi chi with --dark-matter and --m-chi or \
        --m-chi-over-mass (g_chi = g_D)
          dark-photon  --epsilon --mass
          lmu-ltau     --g-prime --mass, and optionally --dark-matter dirac|majorana|scalar with \
        --g-chi --m-chi, or --bf-invisible (a chosen BF(Z' -> invisible))
          scalar       --mass and --xi (g_l = xi m_l / v), or --g-e --g-mu --g-tau
          alp          --mass --C-ee --C-mumu --C-tautau --C-gammagamma --Lambda (derivative \
        coupling c_ll / (2 Lambda))
          vector       --mass --g and either --preset dark-photon|lmu-ltau or the charges \
        --x-e-V --x-e-A --x-mu-V --x-mu-A --x-tau-V --x-tau-A --x-nu-e --x-nu-mu --x-nu-tau \
        (L = g X (x_V - x_A gamma5) per lepton, left-handed neutrinos; docs/physics.md 10); \
        optionally --dark-matter with --g-chi and --m-chi (or --m-chi-over-mass), or --bf-invisible
        Cross sections come from the Monte Carlo at --precision (statistical error printed).
        """
    )

    @OptionGroup var point: ModelPointOptions
    @Option(name: .customLong("paper-data"), help: "The search cards that name the searches of each rate.") var paperData = DataLocation.input("paper-data")
    @Option(name: .customLong("sqrt-s"), parsing: .unconditional, help: "Centre-of-mass energy, GeV.") var sqrtS: Double = PhysicalConstants.upsilon4SEnergy
    @Option(parsing: .unconditional, help: "Relative Monte Carlo precision of the cross sections.") var precision: Double = 0.005
    @Option(help: "Monte Carlo seed.") var seed: UInt64 = 2022
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func validate() throws {
        guard point.model != nil else { throw ValidationError("--model is required: one of \(ModelPointOptions.Model.allCases.map(\.rawValue))") }
        try InputRange.sqrtS.check(sqrtS, option: "sqrt-s")
        try InputRange.precision.check(precision, option: "precision")
    }

    func run() throws {
        guard let model = point.model, let point = point.darkSectorModel else { throw ValidationError("--model is required") }
        let mass = self.point.mass
        let table: DecayTable
        let rates: [FinalStateRate]
        do {
            table = try point.decayTable()
            rates = model == .darkPhoton ? [] : try SignalRates.compute(
                point, sqrtS: sqrtS, settings: MonteCarloSettings(relativePrecision: precision, seed: seed))
        } catch {
            throw ValidationError(error.description)
        }
        func f(_ x: Double) -> String { SignificantDigits.format(x, digits: 5) }
        // The loaded search cards name the searches of each signature; without cards, the signature itself.
        let cards = (try? SearchCard.loadAll(paperData: URL(fileURLWithPath: paperData))) ?? []
        func searches(_ rate: FinalStateRate) -> [String] {
            guard let signature = rate.signature else { return [] }
            let ids = cards.filter { $0.signature == signature }.map(\.id)
            return ids.isEmpty ? ["(signature \(signature.rawValue))"] : ids
        }
        var widths: [(String, JSONText)] = []
        var text = ["\(model.rawValue) at M = \(mass) GeV", "channel".column(17) + "width [GeV]".column(17) + "BF"]
        for channel in table.channels {
            widths.append((channel.rawValue, .object([("width_GeV", .number(table.width(channel), digits: 6)),
                                                      ("branching_fraction", .number(table.branchingFraction(channel), digits: 6))])))
            text.append(channel.rawValue.column(17)
                + f(table.width(channel)).column(17) + f(table.branchingFraction(channel)))
        }
        text.append("total width \(f(table.totalWidth)) GeV, c tau = \(f(table.properDecayLength)) m, BF(invisible) = \(f(table.invisibleBranchingFraction))")
        var members: [(String, JSONText)] = [
            ("model", .string(model.rawValue)), ("mass_GeV", .exact(mass)), ("sqrt_s_GeV", .exact(sqrtS)),
            ("partial_widths", .object(widths)), ("total_width_GeV", .number(table.totalWidth, digits: 6)),
            ("c_tau_m", .number(table.properDecayLength, digits: 6)),
            ("invisible_branching_fraction", .number(table.invisibleBranchingFraction, digits: 6)),
        ]
        if model == .darkPhoton || model == .darkHiggs, let resonance = NarrowVectorResonance.near(mass, halfWidth: 0.05) {
            // The continuum R leaves out the narrow vector mesons; an A' this close mixes with one.
            members.append(("narrow_resonance_within_50_MeV", .string(resonance.rawValue)))
            text.append("caution: M_A' is within 50 MeV of the \(resonance.rawValue) (\(resonance.mass) GeV); the continuum R does not describe A'-\(resonance.rawValue) mixing")
        }
        if case .vector(let boson) = point, boson.loopMixing != nil {
            text.append("e+e- width from the loop-induced mixing (x_mu = -x_tau, uncharged electrons; docs/physics.md 10.2)")
        }
        if let delta = point.muonAnomalousMoment {
            members.append(("delta_a_mu", .number(delta, digits: 6)))
            text.append("Delta a_mu = \(f(delta))")
        }
        if !rates.isEmpty {
            text.append("production".column(30) + "decay".column(13) + "sigma [fb]".column(24) + "BF".column(12) + "sigma x BF [fb]".column(16) + "search")
            members.append(("rates", .array(rates.map { rate in
                .object([("production", .string(rate.production)), ("decay", .string(rate.decay)),
                         ("sigma_fb", .number(rate.crossSection, digits: 6)), ("sigma_error_fb", .number(rate.crossSectionError, digits: 3)),
                         ("branching_fraction", .number(rate.branchingFraction, digits: 6)),
                         ("sigma_times_bf_fb", .number(rate.rate, digits: 6)),
                         ("signature", rate.signature.map { .string($0.rawValue) } ?? .null),
                         ("searches", .array(searches(rate).map { .string($0) }))])
            })))
            for rate in rates {
                text.append(rate.production.column(30)
                    + rate.decay.column(13)
                    + (rate.crossSectionError > 0 ? f(rate.crossSection) + " +- " + SignificantDigits.format(rate.crossSectionError, digits: 2)
                        : f(rate.crossSection) + " (exact)").column(24)
                    + f(rate.branchingFraction).column(12)
                    + f(rate.rate).column(16)
                    + searches(rate).joined(separator: ", "))
            }
        }
        writeStandardOutput(json ? JSONText.object(members).rendered() + "\n" : text.joined(separator: "\n") + "\n")
    }
}

extension DarkMatterState.Kind: ExpressibleByArgument {}

extension String {
    /// The text padded with spaces to `width` characters, or followed by one space when it is
    /// longer (never cut).
    func column(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
