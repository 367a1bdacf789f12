import ArgumentParser
import RecastEngine

/// `b2recast searches`: the searches the kit knows, what is at hand and their status.
struct SearchesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "searches", abstract: "List the Belle II searches, their inputs and status.")

    func run() throws {
        var lines: [String] = []
        for search in SearchCatalog.all {
            lines.append(search.id)
            lines.append("  \(search.title)")
            lines.append("  arXiv:\(search.arXiv), \(search.journal), \(search.luminosity) fb^-1, \(search.interval.rawValue)")
            lines.append("  at hand: \(search.atHand)")
            lines.append("  status:  \(search.status)")
        }
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
    }
}

/// `b2recast reproduce`: the main job. Until the search cards exist (issue 4) it reports, for
/// each search, what it would regenerate and why it cannot yet.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce", abstract: "Regenerate results/ and figures/ from paper-data/.")

    func run() throws {
        var lines = ["b2recast reproduce: \(SearchCatalog.all.count) searches known"]
        for search in SearchCatalog.all {
            lines.append("  \(search.id) (arXiv:\(search.arXiv)): \(search.status)")
        }
        lines.append("results/ and figures/ are not written yet: no search card is encoded.")
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
    }
}
