/// A final state a boson can decay to.
public enum DecayChannel: String, Sendable, CaseIterable, Hashable {
    case electrons = "e+e-", muons = "mu+mu-", taus = "tau+tau-", hadrons = "hadrons",
         neutrinos = "nu nubar", darkMatter = "chi chibar", photons = "gamma gamma"

    /// The channel l+ l- of a charged lepton.
    public static func leptons(_ lepton: Lepton) -> DecayChannel {
        switch lepton {
        case .electron: return .electrons
        case .muon: return .muons
        case .tau: return .taus
        }
    }

    /// Whether the channel leaves nothing in the detector.
    public var isInvisible: Bool { self == .neutrinos || self == .darkMatter }
}

/// Partial widths of one boson at one parameter point, GeV, in a fixed channel order.
public struct DecayTable: Sendable, Hashable {
    /// (channel, partial width in GeV); channels that are closed have width 0 and are kept, so that
    /// tables of one model always list the same channels.
    public let partialWidths: [DecayChannel: Double]
    /// Channel order for printing.
    public let channels: [DecayChannel]

    public init(_ entries: [(DecayChannel, Double)]) {
        precondition(entries.allSatisfy { $0.1 >= 0 && $0.1.isFinite }, "partial widths must be finite and >= 0")
        partialWidths = Dictionary(uniqueKeysWithValues: entries)
        channels = entries.map(\.0)
    }

    /// Total width, GeV.
    public var totalWidth: Double { channels.reduce(0) { $0 + partialWidths[$1]! } }

    /// Partial width of `channel`, GeV (0 for a channel the model does not have).
    public func width(_ channel: DecayChannel) -> Double { partialWidths[channel] ?? 0 }

    /// Branching fraction of `channel`; 0 when the total width vanishes.
    public func branchingFraction(_ channel: DecayChannel) -> Double {
        let total = totalWidth
        return total > 0 ? width(channel) / total : 0
    }

    /// BF(invisible): neutrinos plus dark matter.
    public var invisibleBranchingFraction: Double {
        channels.filter(\.isInvisible).reduce(0) { $0 + branchingFraction($1) }
    }

    /// Proper decay length c tau = hbar c / Gamma, metres.
    public var properDecayLength: Double { PhysicalConstants.hbarCGeVMetres / totalWidth }
}
