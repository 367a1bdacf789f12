import ArgumentParser
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
}
