import DarkSectorPhysics
import Foundation
import HEPDataTables
import RecastEngine
import Testing

/// Card tables over two masses (issue 16, part 3; docs/two-mass-tables.md): the loader and its
/// checks, the interpolation between the published points, the recast of the dark-higgs model, the
/// import of a HEPData table over (M_A', M_h') and the round trip through the kit's HEPData writer.
/// The fixtures' numbers are made up (Tests/Fixtures/paper-data-plane/README.md).
@Suite struct TwoMassTableTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folder = repository.appendingPathComponent("Tests/Fixtures/paper-data-plane/Fixture_DarkHiggs_plane")

    static func card() throws -> SearchCard { try SearchCard.load(folder: folder) }

    static func table(_ first: [Double], _ second: [Double], _ values: [Double], units: [String?] = ["GeV", "GeV"]) -> HEPDataTable {
        HEPDataTable(independent: [HEPDataTable.Variable(name: "M_A'", units: units[0], points: first.map { .init(value: .number($0)) }),
                                   HEPDataTable.Variable(name: "M_h'", units: units[1], points: second.map { .init(value: .number($0)) })],
                     dependent: [HEPDataTable.Variable(name: "limit", units: "fb", values: values)])
    }

    /// The made-up observed limit of the fixture at a grid point (its file's header: 1.3 + 0.4
    /// |M_A' - 7| + 0.3 M_h' fb).
    static func fixtureValue(_ x: Double, _ y: Double) -> Double { 1.3 + 0.4 * abs(x - 7) + 0.3 * y }

    // MARK: Loading and checks

    @Test func theFixtureCardLoadsWithItsPlane() throws {
        let card = try Self.card()
        let table = try #require(card.tables.first)
        #expect(table.isTwoMass && table.data.independent[0].points.count == 39)
        let plane = try #require(try table.plane(.observed))
        #expect(plane.count == 39 && plane.xNodes == [4, 5, 6, 7, 8, 9] && plane.yNodes == [0.5, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try table.plane(.expected) != nil && table.column(.observed)?.count == 39)
        // The one-mass readers leave it alone.
        #expect(RateLimitCurve(card) == nil && SearchRecast.referenceLimit(card) == nil)
        #expect(PlaneRecast.table(card)?.name == table.name)
    }

    /// Every broken two-mass table is refused with the file, the field (with its index) and what was expected.
    @Test func brokenTwoMassTablesAreRefused() throws {
        func refusal(_ table: HEPDataTable, _ quantity: TableQuantity = .crossSectionLimit) -> String {
            do {
                try SearchCard.validate(table, file: "plane.yaml", quantity: quantity, sqrtS: 10.58)
                return ""
            } catch {
                return "\(error)"
            }
        }
        let good = Self.table([4, 5, 5], [1, 1, 2], [2, 3, 4])
        #expect(refusal(good).isEmpty)
        #expect(refusal(Self.table([4, 5, 4], [1, 1, 1], [2, 3, 4]))
            == "plane.yaml: independent_variables[0,1].values[2]: expected each (mass, mass) pair once, got (4.0, 1.0) again (first at index 0)")
        #expect(refusal(Self.table([4, 5, 5], [1, 11, 2], [2, 3, 4]))
            == "plane.yaml: independent_variables[1].values[1].value: expected a mass between 0 and sqrt(s) = 10.58 GeV, got 11.0")
        #expect(refusal(Self.table([4, -1, 5], [1, 1, 2], [2, 3, 4])).hasPrefix("plane.yaml: independent_variables[0].values[1].value: expected a mass between 0"))
        #expect(refusal(Self.table([4, 5, 5], [1, 1, 2], [2, 3, 4], units: ["GeV", "MeV"]))
            == "plane.yaml: independent_variables[1].header.units: expected GeV, got \"MeV\"")
        #expect(refusal(Self.table([4, 5, 5], [1, 1, 2], [2, -3, 4])).hasPrefix("plane.yaml: dependent_variables[0].values[1].value: expected a cross_section_limit in 0.0...inf, got -3.0"))
        #expect(refusal(Self.table([4, 5, 5], [1, 1, 2], [2, .nan, 4])).hasPrefix("plane.yaml: dependent_variables[0].values[1].value"))
        #expect(refusal(Self.table([], [], [])) == "plane.yaml: independent_variables[0].values: expected at least one value")
        // Window tables stay over one mass; three masses are never a card table.
        #expect(refusal(Self.table([4, 5, 5], [1, 1, 2], [0.1, 0.2, 0.3]), .efficiency).hasPrefix(
            "plane.yaml: independent_variables: expected exactly one independent variable (the mass), or two masses for a cross_section_limit or coupling_limit table; got 2"))
        var three = good
        three.independent.append(three.independent[0])
        #expect(refusal(three).hasSuffix("got 3"))
        // A one-mass table keeps its rule.
        let single = HEPDataTable(independent: [HEPDataTable.Variable(name: "M", units: "GeV", values: [2, 1])],
                                  dependent: [HEPDataTable.Variable(name: "limit", units: "fb", values: [1, 1])])
        #expect(refusal(single).contains("masses in strictly increasing order"))
    }

    /// A card whose two-mass table repeats a pair does not load; the error names the table's file.
    @Test func aCardWithABrokenPlaneDoesNotLoad() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-plane-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let copy = scratch.appendingPathComponent("Fixture_DarkHiggs_plane")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.folder, to: copy)
        let file = copy.appendingPathComponent("cross_section_limit.yaml")
        // The second M_h' of M_A' = 4 becomes the first: (4, 0.5) twice.
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let second = try #require(lines.firstIndex(of: "- header: {name: \"M_h'\", units: GeV}"))
        #expect(lines[second + 3] == "  - value: 1.0")
        lines[second + 3] = "  - value: 0.5"
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: InputFileError.self) { try SearchCard.load(folder: copy) }
        do {
            _ = try SearchCard.load(folder: copy)
        } catch let error as InputFileError {
            #expect(error.file == file.path && error.field == "independent_variables[0,1].values[1]")
        }
    }

    // MARK: Interpolation

    /// Reference values from the interpolation's definition (docs/two-mass-tables.md 2), worked
    /// out by hand from the fixture's made-up corners: a node is its value; the centre of a full
    /// cell the geometric mean of its corners; the middle of an edge that of its ends; a point of
    /// a three-corner cell the barycentric product of its corners.
    @Test func interpolationAtHandWorkedPoints() throws {
        let plane = try #require(try Self.card().tables[0].plane(.observed))
        let v = Self.fixtureValue
        func value(_ x: Double, _ y: Double) throws -> Double { try plane.value(x: x, y: y).get() }
        #expect(try value(8, 1) == 2.0)
        #expect(abs(try value(7.5, 1.5) / Double.pow(v(7, 1) * v(8, 1) * v(7, 2) * v(8, 2), 0.25) - 1) < 1e-12)
        #expect(abs(try value(7.5, 1) / (v(7, 1) * v(8, 1)).squareRoot() - 1) < 1e-12)
        #expect(abs(try value(9, 7.5) / (v(9, 7) * v(9, 8)).squareRoot() - 1) < 1e-12)
        // Cell [4, 5] x [3, 4] lacks (4, 4): the triangle (4, 3), (5, 3), (5, 4). At u = 0.75, v = 0.25
        // the weights are 1 - u, u - v, v.
        let triangle = Double.pow(v(4, 3), 0.25) * Double.pow(v(5, 3), 0.5) * Double.pow(v(5, 4), 0.25)
        #expect(abs(try value(4.75, 3.25) / triangle - 1) < 1e-12)
        // On the triangle's long side, the middle of (4, 3) and (5, 4).
        #expect(abs(try value(4.5, 3.5) / (v(4, 3) * v(5, 4)).squareRoot() - 1) < 1e-12)
        // The other half of that cell, M_h' >= M_A' and beyond the table: no value, and why.
        let missing = try #require(plane.value(x: 4.25, y: 3.75).failureReason)
        #expect(missing.contains("[4-5] x [3-4] GeV") && missing.contains("3 of its 4 corners and the point is not in their triangle"), "\(missing)")
        #expect(plane.value(x: 4.2, y: 7).failureReason?.contains("0 of its 4 corners") == true)
        #expect(plane.value(x: 9.5, y: 1).failureReason?.contains("outside the table: the first mass spans 4-9 GeV and the second 0.5-8 GeV") == true)
        #expect(plane.value(x: .nan, y: 1).failureReason != nil)
        // Never outside the range of the published values.
        for i in 0...50 {
            for j in 0...80 {
                guard case .success(let x) = plane.value(x: 4 + 0.1 * Double(i), y: 0.5 + 0.09375 * Double(j)) else { continue }
                #expect(x >= 1.45 * (1 - 1e-12) && x <= 4.5 * (1 + 1e-12))
            }
        }
    }

    /// Points that do not form a grid, or a single row, are refused with the reason.
    @Test func scatteredPointsAreRefused() {
        #expect(throws: MassPlane.Refusal.self) { try MassPlane(x: [1, 2, 3], y: [1, 3, 2], values: [1, 1, 1]) }
        do {
            _ = try MassPlane(x: [1, 2, 3], y: [1, 3, 2], values: [1, 1, 1])
        } catch {
            #expect(error.reason.contains("do not lie on a grid"))
        }
        do {
            _ = try MassPlane(x: [1, 2, 3], y: [1, 1, 1], values: [1, 1, 1])
        } catch {
            #expect(error.reason == "a plane needs at least two distinct values of each mass, got 3 and 1")
        }
        do {
            _ = try MassPlane(x: [1, 2, 1, 2, 1], y: [1, 1, 2, 2, 1], values: [1, 1, 1, 1, 1])
        } catch {
            #expect(error.reason == "the point (1.0, 1.0) is given twice (row 4)")
        }
        // A zero or a '-' is no point: here that leaves two corners, no cell to interpolate on.
        #expect(throws: MassPlane.Refusal.self) { try MassPlane(x: [1, 2, 1, 2], y: [1, 1, 2, 2], values: [1, 0, .nan, 1]) }
    }

    // MARK: Recast

    /// The limit at (M_A', M_h') = (8, 1) GeV, where the fixture holds 2.0 fb (M_h' = 0.125 M_A'
    /// puts the model on it): 2 fb / (sigma / (eps^2 alpha_D) x BF(A' -> mu mu)) with the check
    /// values 4.0090e8 fb (docs/physics.md 1.3, 5 digits) and BF = 0.1512 with the kit's smoothed R
    /// (docs/physics.md 1.2, table (b), recomputed in Python; 4 digits), so 5e-4 relative. (The
    /// worked example of 1.3, 3.32e-8, takes BF = 0.1503 from a single PDG point of R instead.)
    @Test func recastAtACheckPoint() throws {
        let card = try Self.card()
        let unused: CrossSectionLookup = { _, _, _ in 0 }
        let result = try #require(try SearchRecast.recast(card, onto: .darkHiggs(massRatio: 0.125), masses: [8], crossSection: unused))
        let point = try #require(result.points.first)
        #expect(point.rateLimit == 2.0)
        let limit = try point.coupling.get()
        let reference = 2.0 / (4.0090e8 * 0.1512)
        #expect(abs(limit / reference - 1) < 5e-4, "\(limit) vs \(reference)")
        #expect(result.referenceTable == card.tables[0].name && result.referenceProvenance == .derived)
        // The expected bands come from the plane of each band, lowest first.
        let expected = try #require(point.expected).map { try $0.get() }
        #expect(expected.count == 5 && zip(expected, expected.dropFirst()).allSatisfy { $0 < $1 })
        #expect(point.validity != nil)
    }

    /// Inside the published points a limit, outside a reason; a model without M_h' has no rate.
    @Test func recastOutsideThePlaneSaysWhy() throws {
        let card = try Self.card()
        let unused: CrossSectionLookup = { _, _, _ in 0 }
        let quarter = try #require(try SearchRecast.recast(card, onto: .darkHiggs(massRatio: 0.25), masses: [4, 6.5, 9.5], crossSection: unused))
        #expect(try quarter.points[0].coupling.get() > 0 && quarter.points[0].rateLimit == Self.fixtureValue(4, 1))
        #expect(try quarter.points[1].coupling.get() > 0)
        #expect(quarter.points[2].coupling == .failure(RecastFailure(.outsidePlane)) && quarter.points[2].rateLimit.isNaN)
        // M_h' = 0.9 M_A' at 5 GeV: the cell [5, 6] x [4, 5] lacks (5, 5), and (5, 4.5) is on that side.
        let heavy = try #require(try SearchRecast.recast(card, onto: .darkHiggs(massRatio: 0.9), masses: [5], crossSection: unused))
        #expect(heavy.points[0].coupling == .failure(RecastFailure(.outsidePlane)))
        #expect(RecastFailure(.outsidePlane).description == "mass pair outside the published points of the search's two-mass limit table")
        // Default masses: the table's M_A'.
        let all = try #require(try SearchRecast.recast(card, onto: .darkHiggs(massRatio: 0.1), crossSection: unused))
        #expect(all.points.map(\.mass) == [4, 5, 6, 7, 8, 9])
        let other = try #require(try SearchRecast.recast(card, onto: .lMuMinusLTau, masses: [5], crossSection: unused))
        #expect(other.points[0].coupling == .failure(RecastFailure(.noRate)))
    }

    // MARK: Import and HEPData

    /// The import of the fixture record's table over (M_A', M_h') gives a card table with the
    /// same points and values as the paper-data-plane fixture's observed limit (both made up from
    /// one formula).
    @Test func importOfATwoMassRecordTable() throws {
        let fixtures = Self.repository.appendingPathComponent("Tests/Fixtures/import")
        let source = try HEPDataSource(path: fixtures.appendingPathComponent("HEPData-plane-fixture-yaml").path)
        defer { source.close() }
        let record = try source.record()
        let cardFolder = fixtures.appendingPathComponent("paper-data/Fixture_DarkHiggs_import")
        let card = try SearchCard.load(folder: cardFolder)
        let map = try HEPDataImport.loadMap(path: cardFolder.appendingPathComponent("hepdata-map.yaml").path)
        let files = try HEPDataImport.files(record: record, recordName: "HEPData-plane-fixture-yaml", map: map, card: card)
        #expect(files.map(\.name) == ["cross_section_limit.yaml", ImportedTables.fileName])
        let imported = try HEPDataTable.parse(YAMLInput.decode(files[0].contents, file: "imported"), file: "imported")
        let fixture = try Self.card().tables[0]
        #expect(imported.independent.map(\.values) == fixture.data.independent.map(\.values))
        #expect(imported.dependent.count == 1 && imported.dependent[0].values == fixture.column(.observed))
        #expect(imported.independent.map(\.name) == ["M_{A'}", "M_{h'}"])
    }

    /// A regression test, not a validation (the same code writes and reads): the fixture's table
    /// written by HEPDataWriter as a record, read back by HEPDataSource, is the same table, passes
    /// the kit's `hepdata check` (HEPDataCheck) and still loads as a card table.
    @Test func twoMassTableRoundTripsThroughHEPData() throws {
        let table = try Self.card().tables[0]
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("b2recast-plane-record-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let entry = HEPDataRecord.Entry(name: "sigma x BF limit over (M_A', M_h')", description: "made-up fixture values",
                                        keywords: [.init(name: "cmenergies", values: [.number(10.58)])], dataFile: "plane.yaml", table: table.data)
        for digits in [nil, 6] {
            for file in HEPDataWriter.files(HEPDataRecord(information: [], entries: [entry]), digits: digits) {
                try Data(file.contents.utf8).write(to: scratch.appendingPathComponent(file.name))
            }
            #expect(HEPDataCheck.problems(folder: scratch).isEmpty, "\(HEPDataCheck.problems(folder: scratch))")
            let source = try HEPDataSource(path: scratch.path)
            defer { source.close() }
            let back = try #require(try source.record().entries.first).table
            #expect(back == table.data, "digits \(String(describing: digits))")
            try SearchCard.validate(back, file: "plane.yaml", quantity: .crossSectionLimit, sqrtS: 10.58)
            #expect(try MassPlane(back).value(x: 7.5, y: 1.5).get() == (try table.plane(.observed)?.value(x: 7.5, y: 1.5).get()))
        }
    }
}

extension Result {
    /// The failure's description, nil on success.
    var failureReason: String? {
        if case .failure(let error) = self { return "\(error)" }
        return nil
    }
}
