import Foundation
import HEPDataTables
@testable import RecastEngine
import Testing
import TestSupport

/// Reading, writing, checking and comparing HEPData records (issue 6).
@Suite struct HEPDataRecordTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtureRecord = repository.appendingPathComponent("Tests/Fixtures/import/HEPData-ins0000000-v1-yaml")

    static func resultRecords() throws -> [URL] {
        let results = repository.appendingPathComponent("results")
        return try FileManager.default.contentsOfDirectory(atPath: results.path).sorted()
            .map { results.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("submission.yaml").path) }
    }

    static func temporaryFolder() throws -> URL { try TestProcess.temporaryFolder("hepdata-test") }

    static func write(_ record: HEPDataRecord, to folder: URL) throws {
        for file in HEPDataWriter.files(record) {
            try file.contents.write(to: folder.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
        }
    }

    /// read -> write -> read is the identity, on the fixture record and on every record of results/.
    @Test func roundTripIsTheIdentity() throws {
        let records = try [Self.fixtureRecord] + Self.resultRecords()
        // The fixture, the four searches, the L_mu - L_tau combination and the (g-2)_mu band.
        #expect(records.count == 7)
        for folder in records {
            let first = try HEPDataSource(path: folder.path).record()
            let copy = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: copy) }
            try Self.write(first, to: copy)
            let second = try HEPDataSource(path: copy.path).record()
            #expect(first == second, "\(folder.lastPathComponent)")
            // Writing the record read back gives the same bytes again.
            #expect(HEPDataWriter.files(first).map(\.contents) == HEPDataWriter.files(second).map(\.contents))
        }
    }

    @Test func readsEveryConstructOfTheFixtureRecord() throws {
        let record = try HEPDataSource(path: Self.fixtureRecord.path).record()
        #expect(record.entries.map(\.name) == ["Table 1", "Table 2", "Table 3"])
        #expect(record.comment?.hasPrefix("TEST FIXTURE") == true)
        let efficiency = try #require(record.entry(named: "Table 1"))
        #expect(efficiency.description == "Signal efficiency versus M_Z'.\nFixture values.")
        #expect(efficiency.keyword("cmenergies") == ["10.58"])
        #expect(efficiency.other.map(\.key) == ["location", "table_doi"])
        let column = efficiency.table.dependent[0]
        #expect(column.units == nil)
        #expect(column.qualifiers == [.init(name: "SQRT(S)", value: .number(10.58), units: "GeV")])
        // 5% of 0.10 is 0.005; the asymmetric error keeps its sign convention.
        let percent = try #require(column.points[0].errors[1].absolute(of: 0.10))
        #expect(abs(percent.plus - 0.005) < 1e-15)
        #expect(column.points[2].errors[0].size == .asymmetric(plus: .number(0.01), minus: .number(-0.02)))
        let limits = try #require(record.entry(named: "Table 3")).table
        #expect(limits.independent[0].points[0].low == 0.5 && limits.independent[0].points[0].high == 1.5)
        // A bin without a value counts at its centre; one with a value keeps it.
        #expect(limits.independent[0].values == [1.0, 2.0, 3.0])
        #expect(limits.dependent.count == 2)
    }

    /// PyYAML (HEPData's reader) takes a number as a float only with a '.' and a signed exponent.
    @Test func writtenNumbersAreFloatsForPyYAML() throws {
        let pyYAMLFloat = #"^[-+]?([0-9][0-9_]*)\.[0-9_]*([eE][-+][0-9]+)?$"#
        for x in [1.7e-8, 2.5e20, 0.5, 123456789.0, -3, 1, 0, 1e-300, 0.1 + 0.2] {
            for digits in [nil, 2, 6] as [Int?] {
                let text = HEPDataWriter.number(x, digits: digits)
                #expect(text.range(of: pyYAMLFloat, options: .regularExpression) != nil, "\(text)")
                if digits == nil { #expect(Double(text) == x, "\(text) reads back as \(x)") }
            }
        }
    }

    @Test func quotedTextSurvivesLineBreaksAndQuotes() throws {
        for text in ["M_Z'", "a\nb", "tab\there", "\"quoted\"", "back\\slash", "  spaces  ", "é ü", ""] {
            let yaml = "k: " + HEPDataWriter.quoted(text) + "\n"
            #expect(try YAMLReader.document(yaml, file: "t") == .mapping([("k", .string(text))]))
        }
    }

    @Test func everyResultRecordPassesTheCheck() throws {
        for folder in try Self.resultRecords() + [Self.fixtureRecord] {
            let problems = HEPDataCheck.problems(folder: folder)
            #expect(problems.isEmpty, "\(folder.lastPathComponent): \(problems)")
        }
    }

    /// Each rule of hepdata-validator that the check reproduces, broken once.
    @Test func checkFindsWhatTheValidatorWouldRefuse() throws {
        let base = try HEPDataSource(path: Self.fixtureRecord.path).record()
        var cases: [(String, (inout HEPDataRecord) -> Void, String)] = [
            ("long name", { $0.entries[0].name = String(repeating: "x", count: 65) }, "at most 64 characters"),
            ("keyword", { $0.entries[0].keywords.append(.init(name: "energy", values: [.text("1")])) }, "names among"),
            ("cmenergies", { $0.entries[0].keywords[2].values = [.text("ten")] }, "a number in GeV"),
            ("resource", { $0.entries[0].resources = [.init(location: "absent.csv", description: "x")] }, "the file 'absent.csv'"),
            ("range", { $0.entries[1].table.independent[0].points[0].value = .text("1.0-2.0") }, "not a range"),
            ("zero errors", { $0.entries[0].table.dependent[0].points[1].errors = [.init(.symmetric(.number(0)))] }, "not all zero"),
            ("bad error", { $0.entries[0].table.dependent[0].points[1].errors = [.init(.symmetric(.text("big")))] }, "possibly ending in %"),
        ]
        cases.append(("stray file", { _ in }, "a file that submission.yaml references"))
        for (label, breakIt, expected) in cases {
            var record = base
            breakIt(&record)
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try Self.write(record, to: folder)
            if label == "stray file" { try "x".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8) }
            let problems = HEPDataCheck.problems(folder: folder)
            #expect(problems.count == 1 && problems[0].description.contains(expected), "\(label): \(problems)")
        }
    }

    /// |a - b| <= atol + rtol |b|: at the tolerance the values agree, just beyond they differ.
    @Test func comparisonUsesTheStatedTolerance() throws {
        func table(_ value: Double) -> HEPDataTable {
            HEPDataTable(independent: [.init(name: "M", units: "GeV", values: [1])], dependent: [.init(name: "y", units: "", values: [value])])
        }
        let comparison = HEPDataComparison(relativeTolerance: 0.01, absoluteTolerance: 0.5)
        #expect(comparison.differences(table(101.5), table(100)).isEmpty)  // 1.5 = 0.5 + 0.01 x 100
        #expect(comparison.differences(table(101.5001), table(100)).count == 1)
        var renamed = table(100)
        renamed.dependent[0].units = "fb"
        #expect(comparison.differences(renamed, table(100)).map(\.detail) == ["units 'fb' vs ''"])
    }

    /// The import refuses mismatches with the record, the table and the field named.
    @Test func importRefusesMismatches() throws {
        let record = try HEPDataSource(path: Self.fixtureRecord.path).record()
        let cardFolder = Self.repository.appendingPathComponent("Tests/Fixtures/import/paper-data/Fixture_Zp_import")
        let card = try SearchCard.load(folder: cardFolder)
        let map = try HEPDataImport.loadMap(path: cardFolder.appendingPathComponent("hepdata-map.yaml").path)
        let files = try HEPDataImport.files(record: record, recordName: "fixture", map: map, card: card)
        #expect(files.map(\.name) == ["efficiency.yaml", "background.yaml", "observed.yaml", "g_prime_observed.yaml", "imported.yaml"])

        var wrongUnits = map
        wrongUnits.entries[1].units = "fb"
        var noColumn = map
        noColumn.entries[1].column = nil
        var noTable = map
        noTable.entries[0].recordTable = "Table 9"
        var tooLarge = map
        tooLarge.entries[0] = HEPDataImport.MapEntry(recordTable: "Table 2", column: "Observed events", file: "e.yaml", name: "e",
                                                     quantity: .efficiency, units: nil, referenceModel: nil, fills: nil)
        var otherSearch = map
        otherSearch.search = "BelleII_Zp_invisible_2022"
        var wrongMassUnits = record
        wrongMassUnits.entries[0].table.independent[0].units = "MeV"
        let cases: [(HEPDataImport.Map, HEPDataRecord, String)] = [
            (wrongUnits, record, "'fb' as the map says, got 'events'"),
            (noColumn, record, "choose among [\"Expected background\", \"Observed events\"]"),
            (noTable, record, "a table of the record"),
            (tooLarge, record, "a efficiency in 0.0...1"),
            (otherSearch, record, "the search being imported"),
            (map, wrongMassUnits, "GeV, got \"MeV\""),
        ]
        for (map, record, expected) in cases {
            #expect(throws: InputFileError.self) { _ = try HEPDataImport.files(record: record, recordName: "fixture", map: map, card: card) }
            do {
                _ = try HEPDataImport.files(record: record, recordName: "fixture", map: map, card: card)
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
            }
        }
    }
}
