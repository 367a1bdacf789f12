import Foundation
import Testing

/// Every document that code and tests cite is in the repository (issue 16): each `docs/NAME.md`
/// named in Sources/ and Tests/ exists, and each section number cited after it ("docs/physics.md
/// 4.1", "docs/statistics.md 6.3") is a heading of that file.
@Suite struct DocumentCitationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func swiftFiles() -> [URL] {
        ["Sources", "Tests"].flatMap { folder -> [URL] in
            let root = repository.appendingPathComponent(folder)
            let names = (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".swift") }
            return names.map { root.appendingPathComponent($0) }
        }
    }

    @Test func citedDocumentsAndSectionsExist() throws {
        let citation = try Regex(#"docs/([A-Za-z0-9_-]+\.md)(?:,? (?:section |sections |§)?(\d+(?:\.\d+)?))?"#)
        var cited = 0
        for file in Self.swiftFiles() where file.lastPathComponent != "DocumentCitationTests.swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: citation) {
                cited += 1
                let name = String(match.output[1].substring ?? "")
                let document = Self.repository.appendingPathComponent("docs").appendingPathComponent(name)
                let contents = try #require(try? String(contentsOf: document, encoding: .utf8), "\(file.lastPathComponent) cites docs/\(name), which is not in the repository")
                if let section = match.output[2].substring {
                    let headings = contents.split(separator: "\n").filter { $0.hasPrefix("#") }
                    #expect(headings.contains { $0.contains(" \(section) ") || $0.contains(" \(section).") },
                            "\(file.lastPathComponent) cites docs/\(name) \(section), which has no such section")
                }
            }
            // A bare physics.md (outside docs/) is a file the repository does not have.
            for line in text.split(separator: "\n") where line.contains("physics.md") {
                #expect(line.contains("docs/physics.md"), "\(file.lastPathComponent): \(line)")
            }
        }
        #expect(cited > 50)
    }
}
