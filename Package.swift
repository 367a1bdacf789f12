// swift-tools-version:6.0
import PackageDescription

/// b2recast: reproduce and reinterpret the Belle II dark-sector searches.
///
/// Module layout follows shared/design/ARCHITECTURE.md, with one addition:
/// `NumericalMethods` holds the special functions, quadrature, root finding and the
/// seeded random numbers that both `LimitStatistics` and `EventGeneration` need.
let package = Package(
    name: "b2recast",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "b2recast", targets: ["b2recast"]),
        .library(name: "LimitStatistics", targets: ["LimitStatistics"]),
        .library(name: "DarkSectorPhysics", targets: ["DarkSectorPhysics"]),
        .library(name: "RecastEngine", targets: ["RecastEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .target(
            name: "NumericalMethods",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")]
        ),
        .target(
            name: "DarkSectorPhysics",
            dependencies: ["NumericalMethods", .product(name: "Numerics", package: "swift-numerics")]
        ),
        .target(
            name: "EventGeneration",
            dependencies: ["DarkSectorPhysics", "NumericalMethods"]
        ),
        .target(
            name: "LimitStatistics",
            // HEPDataTables for JSONText, the one JSON writer (pyhf workspaces).
            dependencies: ["NumericalMethods", "HEPDataTables", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .target(name: "HEPDataTables"),
        .target(
            name: "RecastEngine",
            dependencies: ["DarkSectorPhysics", "EventGeneration", "LimitStatistics", "HEPDataTables"]
        ),
        .target(
            name: "PublicationPlots",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")]
        ),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"]), .brew(["cairo", "pango"])]
        ),
        .target(name: "CairoGraphics", dependencies: ["CCairo"]),
        .target(name: "PlotCairo", dependencies: ["PublicationPlots", "CairoGraphics"]),
        .target(
            name: "RecastFigures",
            dependencies: ["RecastEngine", "PublicationPlots", "DarkSectorPhysics", "HEPDataTables",
                           .product(name: "RealModule", package: "swift-numerics")]
        ),
        .executableTarget(
            name: "b2recast",
            dependencies: [
                "NumericalMethods", "LimitStatistics", "DarkSectorPhysics", "EventGeneration", "RecastEngine", "HEPDataTables", "PlotCairo",
                "RecastFigures", "PublicationPlots",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers the test targets share (running programs, scratch folders).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "NumericalMethodsTests",
            dependencies: ["NumericalMethods"]
        ),
        .testTarget(
            name: "LimitStatisticsTests",
            dependencies: ["LimitStatistics", "NumericalMethods", "TestSupport"]
        ),
        .testTarget(
            name: "FoundationModulesTests",
            dependencies: ["DarkSectorPhysics", "EventGeneration", "HEPDataTables", "RecastEngine",
                           "PublicationPlots", "CairoGraphics", "PlotCairo", "TestSupport",
                           // Yams (libyaml) is the reference that the kit's own YAML reader is compared with.
                           .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "DarkSectorPhysicsTests",
            dependencies: ["DarkSectorPhysics", "EventGeneration", "NumericalMethods",
                           .product(name: "Numerics", package: "swift-numerics")]
        ),
        .testTarget(
            name: "PlotTests",
            dependencies: ["PublicationPlots", "CairoGraphics", "PlotCairo", "RecastFigures", "RecastEngine", "TestSupport"]
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["b2recast", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
