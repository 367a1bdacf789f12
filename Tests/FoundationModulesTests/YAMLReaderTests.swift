import Foundation
import HEPDataTables
import Testing
import Yams

/// The kit's YAML reader against libyaml (through Yams), the reference implementation: on every
/// YAML file of the repository and on snippets that exercise each construct HEPData records use.
@Suite struct YAMLReaderTests {
    /// A comparable form of what either reader returns: mappings sorted by key, numbers as Double
    /// when both sides may differ only in Int/Double.
    static func canonical(_ value: YAMLValue) -> String {
        switch value {
        case .null: "null"
        case let .bool(b): "\(b)"
        case let .int(i): "n\(Double(i))"
        case let .double(d): "n\(d)"
        case let .string(s): "s\(s.debugDescription)"
        case let .sequence(items): "[" + items.map(canonical).joined(separator: ",") + "]"
        case let .mapping(pairs): "{" + pairs.map { "\($0.key.debugDescription):\(canonical($0.value))" }.sorted().joined(separator: ",") + "}"
        }
    }

    static func canonical(yams value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "null"
        case let b as Bool: return "\(b)"
        case let i as Int: return "n\(Double(i))"
        case let d as Double: return "n\(d)"
        case let s as String: return "s\(s.debugDescription)"
        case let items as [Any]: return "[" + items.map { canonical(yams: $0) }.joined(separator: ",") + "]"
        case let pairs as [AnyHashable: Any]:
            return "{" + pairs.map { "\("\($0.key.base)".debugDescription):\(canonical(yams: $0.value))" }.sorted().joined(separator: ",") + "}"
        default: return "?\(type(of: value!))"
        }
    }

    static func compare(_ text: String, file: String) throws {
        let ours = try YAMLReader.documents(text, file: file).map(canonical)
        let reference = try Array(Yams.load_all(yaml: text)).map { canonical(yams: $0) }
        #expect(ours == reference, "\(file)")
    }

    @Test func agreesWithLibyamlOnEveryYAMLFileOfTheRepository() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var count = 0
        for folder in ["paper-data", "results", "Tests/Fixtures"] {
            let base = root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
            for name in files.sorted() where name.hasSuffix(".yaml") {
                let path = base.appendingPathComponent(name).path
                try Self.compare(String(contentsOfFile: path, encoding: .utf8), file: path)
                count += 1
            }
        }
        // 4 cards + 3 card tables + fixtures + 4 submissions + 8 results tables + manifest, at least.
        #expect(count >= 20)
    }

    /// Each construct of the subset, in the form PyYAML writes it or a person types it.
    static let snippets: [String] = [
        "a: 1\nb: -2.5e-3\nc: '-'\nd: \"x\\ty\\u00e9\"\ne: ~\nf: true\ng: .inf\nh: 0x1F\n",
        "name: M_Z'\nunits: GeV\nlist:\n- 1\n- {value: 2.0, errors: [{symerror: 0.1, label: stat}]}\n",
        "key:\n- a\n- b\nnext: c\n",
        "- name: x\n  values:\n  - value: 1\n  - value: 2\n- name: y\n",
        "- - 1\n  - 2\n- - 3\n",
        "description: a plain scalar\n  that continues\n\n  after an empty line\nother: 1\n",
        "text: 'single ''quoted''\n  over two lines'\n",
        "text: \"double \\\n  joined\"\n",
        "lit: |\n  line one\n    indented\n  line three\nnext: 1\n",
        "fold: >\n  folded\n  text\n\n  new paragraph\n    kept\nend: 2\n",
        "strip: |-\n  x\n\nkeep: |+\n  y\n\nclip: >\n  z\n",
        "flow: [a, b,\n  c, {d: 1, e: [2, 3]}]\nmap: {x: 'y', z: \"w\"}\n",
        "json: {\"a\": [1, 2.5, \"s\", null, true], \"b\": {\"c\": -1e5}}\n",
        "# comment\na: 1 # trailing\nb: 'x # not a comment'\n",
        "comment: first\n---\nname: t1\ndata_file: t1.yaml\n---\nname: t2\ndata_file: t2.yaml\n",
        "---\na: 1\n...\n---\nb: 2\n",
        "%YAML 1.1\n---\na: &anchor [1, 2]\nb: *anchor\n",
        "keywords:\n  - {name: cmenergies, values: [10.58]}\n  - {name: observables, values: [UL]}\n",
        "a: 1.\nb: .5\nc: +3\nd: 1e3\ne: 12abc\nf: 1-2\ng: '007'\n",
        "url: http://example.org/a:b\n",
        "[1, [2, [3]]]\n",
        "plain top-level scalar\n",
        "empty:\nafter: 1\n",
        "k: \"\\x41\\u00e9\\U0001F600 \\\\ \\\" \\/\"\n",
        "- a: 1\n  b:\n  - 2\n  - 3\n- c\n",
    ]

    @Test func agreesWithLibyamlOnTheConstructsOfTheSubset() throws {
        for (index, snippet) in Self.snippets.enumerated() {
            try Self.compare(snippet, file: "snippet \(index)")
        }
    }

    /// Where the kit's YAML 1.2 core schema and libyaml's YAML 1.1 resolution differ, on purpose.
    @Test func resolvesPlainScalarsWithTheCoreSchema() throws {
        let value = try YAMLReader.document("a: -0\nb: 12:30\nc: 1_000\nd: yes\n", file: "t")
        guard case let .mapping(pairs) = value else { Issue.record("not a mapping"); return }
        #expect(pairs.map(\.value) == [.int(0), .string("12:30"), .string("1_000"), .string("yes")])
    }

    @Test func keepsKeyOrderAndIntegerType() throws {
        let value = try YAMLReader.document("z: 1\na: 2.0\nm: '3'\n", file: "t")
        guard case let .mapping(pairs) = value else { Issue.record("not a mapping"); return }
        #expect(pairs.map(\.key) == ["z", "a", "m"])
        #expect(pairs.map(\.value) == [.int(1), .double(2), .string("3")])
    }

    /// Inputs that libyaml accepts but that would exhaust the stack or the memory of a recursive
    /// reader, and inputs outside the subset: each is a clear error with a line and column.
    @Test func refusesHostileAndUnsupportedInput() throws {
        var laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 { laughs += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let cases: [(String, String)] = [
            (String(repeating: "[", count: 100_000), "nesting at most 64"),
            (String(repeating: "- ", count: 100_000) + "x", "nesting at most 64"),
            (laughs, "nodes"),
            ("a: 1\na: 2\n", "unique keys, 'a' appears twice"),
            ("a: !!str 1\n", "no tags"),
            ("? complex\n: key\n", "no complex mapping keys"),
            ("a:\n\tb: 1\n", "spaces, not tabs"),
            ("a: 'open\n", "a closing '"),
            ("a: [1, 2\n", "a closing ']'"),
            ("a: *missing\n", "an anchor '&missing'"),
            ("a: \"\\q\"\n", "a known escape"),
            ("a: b: c\n", "no ': ' inside a plain value"),
            ("a: 1\n  b: 2\n", "no ': ' inside a plain value"),
            ("a: 1\nb\n", "a key followed by ':'"),
            ("a: &x &y 1\n", "one anchor per node"),
        ]
        for (text, expected) in cases {
            do {
                _ = try YAMLReader.documents(text, file: "hostile.yaml")
                Issue.record("accepted: \(text.prefix(40).debugDescription)")
            } catch let error as InputFileError {
                #expect(error.file == "hostile.yaml")
                #expect(error.field.hasPrefix("line "), "\(error)")
                #expect(error.description.contains(expected), "\(error)")
            }
        }
    }
}
