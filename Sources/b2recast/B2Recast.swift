import ArgumentParser
import Foundation
import RecastEngine

@main
struct B2Recast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "b2recast",
        abstract: "Reproduce and reinterpret the Belle II dark-sector searches.",
        discussion: """
        Searches: Z' -> invisible in e+e- -> mu+mu- Z' (2018 and 2022 data), dark Higgsstrahlung \
        e+e- -> A'h', and the tau+tau- resonance in e+e- -> mu+mu- tau+tau-. Limits are recomputed \
        from the searches' published inputs; recasts are the kit's, not the collaboration's.
        """,
        version: KitVersion.current,
        subcommands: [LimitCommand.self, RecastCommand.self, PlotCommand.self, WidthsCommand.self, CrossSectionCommand.self, CrossSectionTablesCommand.self, SearchesCommand.self, ReproduceCommand.self, ImportCommand.self, ExportCommand.self, HEPDataCommand.self, ScanCommand.self, MergeCommand.self, ProjectCommand.self, FuzzCommand.self, BenchCommand.self]
    )

    /// ArgumentParser's main, except that a usage error found while a subcommand runs (a value
    /// out of range, a bad output folder) is followed by that subcommand's usage, not the top
    /// level's (issue 17). Other failures print only their message. SIGINT, SIGTERM and SIGHUP
    /// remove the run's temporaries and leave the previous outputs (`Signals`).
    static func main() {
        Signals.install()
        let command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            var running = command
            try running.run()
        } catch let error as ValidationError {
            let usage = usageString(for: type(of: command))
            let name = usage.split(separator: " ").prefix { !"<[-".contains($0.first ?? "-") }.joined(separator: " ")
            FileHandle.standardError.write(Data("Error: \(error.message)\nUsage: \(usage)\n  See '\(name) --help' for more information.\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
