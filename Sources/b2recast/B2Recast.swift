import ArgumentParser

@main
struct B2Recast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "b2recast",
        abstract: "Reproduce and reinterpret the Belle II dark-sector searches."
    )
}
