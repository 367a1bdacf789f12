import Foundation

/// What `b2recast searches` says about one search, built from its card (with the tables that
/// `import hepdata` added): the paper, what is at hand in which provenance class, and what the
/// kit does with it. Nothing here is written by hand per search.
public struct SearchSummary: Sendable, Hashable {
    public var id, title, arXiv, journal: String
    /// Integrated luminosity, fb^-1.
    public var luminosity: Double
    /// The interval as the paper states it ("90% CL", "90% credibility").
    public var interval: String
    /// The card's tables with their provenance, and what the abstract states.
    public var atHand: [String]
    /// The official tables that are not at hand.
    public var missing: [String]
    /// What the kit does with the search today.
    public var status: String

    public init(_ card: SearchCard) {
        id = card.id
        title = card.description
        arXiv = card.citation.arXiv
        journal = card.citation.journal
        luminosity = card.luminosity
        interval = card.statistics.interval
        atHand = card.tables.map { "\($0.name) (\($0.provenance.rawValue))" }
            + card.abstractValues.map { "\($0.quantity) \(short($0.low)) to \(short($0.high))\($0.units.isEmpty ? "" : " " + $0.units) (abstract)" }
        missing = card.missing.map(\.name)
        status = Self.status(card)
    }

    /// What `recast` and `reproduce` do with the card, from the kinds of table it holds.
    static func status(_ card: SearchCard) -> String {
        if let curve = RateLimitCurve(card) {
            return "recast from its \(curve.table.provenance.rawValue) sigma x BF limit table ("
                + (curve.expected == nil ? "observed" : "observed and expected with bands") + "), validity per point"
                + (card.tables.contains { $0.quantity == .fittedCrossSection } ? "; approximate likelihood per mass (`export likelihood`)" : "")
        }
        // A limit over two masses: docs/two-mass-tables.md 3.
        if let table = PlaneRecast.table(card) {
            return "recast from its \(table.provenance.rawValue) sigma x BF limit table over (\(table.data.independent.map(\.name).joined(separator: ", ")))"
        }
        if LikelihoodRecast.windows(card) != nil {
            return "likelihood rebuilt from its windows (efficiency, background, counts); `export pyhf`"
        }
        if let (table, _) = SearchRecast.referenceLimit(card) {
            return "recast from its \(table.provenance.rawValue) coupling-limit table '\(table.name)'"
        }
        return "no limit table at hand: `recast` says so; `reproduce` writes the rates the search limits; `import hepdata` fills the tables"
    }
}
