import EventGeneration
import Foundation
import HEPDataTables

/// How the kit simulates a search (card block `simulation`, format /2): the published cuts it
/// applies, the cuts it cannot apply, and the grid and seed of the efficiency map it writes.
/// The numbers of the cuts are the paper's (or the talk's); the grid and the seed are the kit's
/// choices. The code knows the selection kinds (a topology), never a search:
///
///     simulation:
///       source: "talk, slide 'Z' -> invisible - Analysis'"
///       selection:
///         kind: dimuon_recoil                # dimuon_recoil or four_track
///         pair_pt_min_GeV: 0.4               # dimuon_recoil: p_T of the muon pair (CM frame)
///         recoil_window: {resolution_table: recoil_mass_squared_resolution.yaml, half_width: 2}
///         four_track_mass_max_GeV: 9.5       # four_track: M(4 tracks) below this
///         not_applied:
///           - {name: "two-track trigger", assumption: same_for_all_models}
///       grid_GeV: {from: 0.5, to: 10.0, step: 0.5}
///       second_grid_GeV: {from: 0.5, step: 1.0}   # dark Higgsstrahlung: M_h' below M_A'
///       seed: 20260000
///
/// The kinds must match the signature: `dimuon_recoil` for mu mu + invisible and for dark
/// Higgsstrahlung, `four_track` for mu mu + tau tau.
public struct SimulationCard: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case dimuonRecoil = "dimuon_recoil", fourTrack = "four_track"
    }
    /// The window |M_recoil^2 - M^2| < halfWidth x w(M) with w(M) from a resolution table of the card.
    public struct RecoilWindow: Sendable, Hashable {
        public var resolutionTable: String
        public var halfWidth: Double
    }

    public var kind: Kind
    /// p_T of the muon pair in the centre-of-mass frame above this, GeV (dimuon_recoil).
    public var minimumPairTransverseMomentum: Double
    public var recoilWindow: RecoilWindow?
    /// M(4 tracks) below this, GeV (four_track).
    public var maximumFourTrackMass: Double
    public var notApplied: [UnpublishedFactor]
    /// The masses of the map (M_X, or M_A' for dark Higgsstrahlung), GeV.
    public var grid: [Double]
    /// Dark Higgsstrahlung: M_h' from `from` in steps of `step` while below M_A' and M_A' + M_h'
    /// is 50 MeV below sqrt(s).
    public var secondGrid: SecondGrid?
    public struct SecondGrid: Sendable, Hashable { public var from, step: Double }
    /// Point i of the map (of boson b for radiated maps) uses seed + 1000 b + i.
    public var seed: UInt64
    public var source: String

    /// The selection as the kit's event simulation applies it; `card` supplies the resolution table.
    public func selection(_ card: SearchCard) throws -> any SignalSelection {
        switch kind {
        case .fourTrack:
            return FourTrackSelection(maximumFourTrackMass: maximumFourTrackMass, unpublishedFactors: notApplied)
        case .dimuonRecoil:
            var window: (@Sendable (Double) -> Double, sigmas: Double)?
            if let recoilWindow {
                guard let table = card.tables.first(where: { $0.file == recoilWindow.resolutionTable && $0.quantity == .resolution }) else {
                    throw InputFileError(file: "\(card.id)/card.yaml", field: "simulation.selection.recoil_window.resolution_table",
                                         expected: "the file of a `resolution` table of the card, got \"\(recoilWindow.resolutionTable)\"")
                }
                let masses = table.data.independent[0].values, widths = table.data.dependent[0].values
                window = ({ mass in DerivedEfficiencies.linearInterpolation(masses, widths, at: mass) }, recoilWindow.halfWidth)
            }
            return DimuonRecoilSelection(minimumPairTransverseMomentum: minimumPairTransverseMomentum, recoilWindow: window,
                                         unpublishedFactors: notApplied)
        }
    }

    static let keys: Set<String> = ["source", "selection", "grid_GeV", "second_grid_GeV", "seed"]

    static func parse(_ value: Any?, reader: FieldReader, signature: SearchSignature, sqrtS: Double) throws -> SimulationCard {
        let field = "simulation"
        let root = try reader.mapping(value, field: field, allowed: keys)
        let selection = try reader.mapping(root["selection"], field: field + ".selection",
                                           allowed: ["kind", "pair_pt_min_GeV", "recoil_window", "four_track_mass_max_GeV", "not_applied"])
        let kindText = try reader.string(selection["kind"], field: field + ".selection.kind")
        guard let kind = Kind(rawValue: kindText) else {
            throw InputFileError(file: reader.file, field: field + ".selection.kind",
                                 expected: "one of \(Kind.allCases.map(\.rawValue)), got \"\(kindText)\"")
        }
        let expectedKind: Kind = signature == .muonPairTauPair ? .fourTrack : .dimuonRecoil
        guard kind == expectedKind else {
            throw InputFileError(file: reader.file, field: field + ".selection.kind",
                                 expected: "\(expectedKind.rawValue) for the signature \(signature.rawValue), got \(kind.rawValue)")
        }
        var card = SimulationCard(kind: kind, minimumPairTransverseMomentum: 0, recoilWindow: nil, maximumFourTrackMass: sqrtS,
                                  notApplied: [], grid: [], secondGrid: nil, seed: 0,
                                  source: try reader.string(root["source"], field: field + ".source"))
        switch kind {
        case .dimuonRecoil:
            card.minimumPairTransverseMomentum = try reader.number(selection["pair_pt_min_GeV"], field: field + ".selection.pair_pt_min_GeV",
                                                                   atLeast: 0, atMost: sqrtS / 2)
            if let window = selection["recoil_window"] {
                let windowField = field + ".selection.recoil_window"
                let item = try reader.mapping(window, field: windowField, allowed: ["resolution_table", "half_width"])
                card.recoilWindow = RecoilWindow(resolutionTable: try reader.string(item["resolution_table"], field: windowField + ".resolution_table"),
                                                 halfWidth: try reader.number(item["half_width"], field: windowField + ".half_width", atLeast: 0.1, atMost: 100))
            }
            guard selection["four_track_mass_max_GeV"] == nil else {
                throw InputFileError(file: reader.file, field: field + ".selection.four_track_mass_max_GeV", expected: "no four-track cut in a dimuon_recoil selection")
            }
        case .fourTrack:
            card.maximumFourTrackMass = try reader.number(selection["four_track_mass_max_GeV"], field: field + ".selection.four_track_mass_max_GeV",
                                                          atLeast: 0, atMost: sqrtS)
            for key in ["pair_pt_min_GeV", "recoil_window"] where selection[key] != nil {
                throw InputFileError(file: reader.file, field: field + ".selection." + key, expected: "only four_track_mass_max_GeV and not_applied in a four_track selection")
            }
        }
        card.notApplied = try reader.list(selection["not_applied"] ?? [Any](), field: field + ".selection.not_applied").enumerated().map { index, entry in
            let itemField = field + ".selection.not_applied[\(index)]"
            let item = try reader.mapping(entry, field: itemField, allowed: ["name", "assumption"])
            let assumption = try reader.string(item["assumption"], field: itemField + ".assumption")
            return UnpublishedFactor(try reader.string(item["name"], field: itemField + ".name"),
                                     assumption: assumption == "same_for_all_models" ? UnpublishedFactor.sameForAllModels : assumption)
        }
        card.grid = try massGrid(root["grid_GeV"], field: field + ".grid_GeV", reader: reader, sqrtS: sqrtS)
        if let second = root["second_grid_GeV"] {
            let secondField = field + ".second_grid_GeV"
            guard signature == .darkHiggsstrahlung else {
                throw InputFileError(file: reader.file, field: secondField, expected: "only for dark Higgsstrahlung (signature \(SearchSignature.darkHiggsstrahlung.rawValue))")
            }
            let item = try reader.mapping(second, field: secondField, allowed: ["from", "step"])
            card.secondGrid = SecondGrid(from: try reader.number(item["from"], field: secondField + ".from", atLeast: 0, atMost: sqrtS),
                                         step: try reader.number(item["step"], field: secondField + ".step", atLeast: 0.01, atMost: sqrtS))
        } else if signature == .darkHiggsstrahlung {
            throw InputFileError(file: reader.file, field: field + ".second_grid_GeV", expected: "the M_h' grid {from, step} of the dark Higgsstrahlung map")
        }
        let seed = try reader.number(root["seed"], field: field + ".seed", atLeast: 0, atMost: 1e15)
        guard seed.rounded() == seed else {
            throw InputFileError(file: reader.file, field: field + ".seed", expected: "a whole number from 0 to 1e15, got \(seed)")
        }
        card.seed = UInt64(seed)
        return card
    }

    /// `{from, to, step}` in GeV: at most 10 000 masses inside [0, sqrt(s)], each rounded to 1e-9 GeV
    /// so that 3.6 + 2 x 0.4 is written 4.4.
    static func massGrid(_ value: Any?, field: String, reader: FieldReader, sqrtS: Double) throws -> [Double] {
        let item = try reader.mapping(value, field: field, allowed: ["from", "to", "step"])
        let from = try reader.number(item["from"], field: field + ".from", atLeast: 0, atMost: sqrtS)
        let to = try reader.number(item["to"], field: field + ".to", atLeast: from, atMost: sqrtS)
        let step = try reader.number(item["step"], field: field + ".step", atLeast: max(1e-6, (to - from) / 10_000), atMost: sqrtS)
        return MassGrid.masses(from: from, to: to, step: step).map { ($0 * 1e9).rounded() / 1e9 }
    }
}
