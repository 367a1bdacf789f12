import DarkSectorPhysics
import EventGeneration
import Foundation
import HEPDataTables

/// A parameter scan of the L_mu - L_tau model with dark matter: the search's g' limit at every
/// point of masses x (g_chi / g') x (m_chi / M_Z'), recast at equal signal rate
/// (`SearchRecast`, solved self-consistently because BF(Z' -> invisible) depends on g').
/// Read from a file of format `b2recast-scan/1`:
///
///     format: b2recast-scan/1
///     name: "Dirac dark matter plane"
///     search: <a search id of `b2recast searches`>
///     dark_matter: dirac                  # dirac, majorana or scalar
///     masses_GeV: {from: 0.5, to: 5.5, step: 0.1}
///     g_chi_over_g_prime: [0.5, 1, 3]
///     m_chi_over_mass: [0.1, 0.333, 0.45]
///
/// Points are numbered with the mass fastest, then g_chi/g', then m_chi/M_Z'. A scan can be
/// split into shards (contiguous blocks of points) that `merge` joins into exactly the text the
/// whole scan gives.
public struct ScanSpecification: Sendable {
    public static let format = "b2recast-scan/1"
    public static let resultFormat = "b2recast-scan-result/1"

    public var name, search: String
    public var darkMatter: DarkMatterState.Kind
    public var masses, couplingRatios, massFractions: [Double]
    /// SHA-256 of the file, written into every result so that shards of different scans never mix.
    public var digest: String

    public var pointCount: Int { masses.count * couplingRatios.count * massFractions.count }

    /// The parameters of point `index`.
    public func point(_ index: Int) -> (mass: Double, couplingRatio: Double, massFraction: Double) {
        let mass = index % masses.count
        let ratio = (index / masses.count) % couplingRatios.count
        let fraction = index / (masses.count * couplingRatios.count)
        return (masses[mass], couplingRatios[ratio], massFractions[fraction])
    }

    public static func load(path: String) throws -> ScanSpecification {
        let text = try YAMLInput.read(path: path)
        let reader = FieldReader(file: path)
        let root = try reader.mapping(YAMLInput.decode(text, file: path), field: "(document)",
                                      allowed: ["format", "name", "search", "dark_matter", "masses_GeV", "g_chi_over_g_prime", "m_chi_over_mass"])
        let format = try reader.string(root["format"], field: "format")
        guard format == Self.format else { throw InputFileError(file: path, field: "format", expected: "\"\(Self.format)\", got \"\(format)\"") }
        let kindText = try reader.string(root["dark_matter"], field: "dark_matter")
        guard let kind = DarkMatterState.Kind(rawValue: kindText) else {
            throw InputFileError(file: path, field: "dark_matter", expected: "one of \(DarkMatterState.Kind.allCases.map(\.rawValue)), got \"\(kindText)\"")
        }
        // The same rules as the model card's dark_matter fields (ModelInputRule).
        let spec = ScanSpecification(
            name: try reader.string(root["name"], field: "name"), search: try reader.string(root["search"], field: "search"),
            darkMatter: kind, masses: try ModelCard.parseMasses(root["masses_GeV"], reader: reader),
            couplingRatios: try ModelInputRule.darkMatterCoupling.readList(root["g_chi_over_g_prime"], field: "g_chi_over_g_prime", reader: reader),
            // m_chi < M_Z'/2 or the Z' cannot decay to the pair.
            massFractions: try ModelInputRule.darkMatterMassFraction.readList(root["m_chi_over_mass"], field: "m_chi_over_mass", reader: reader),
            digest: SHA256.hex(Array(text.utf8)))
        guard spec.pointCount <= 10_000_000 else {
            throw InputFileError(file: path, field: "(document)", expected: "at most 10,000,000 points, got \(spec.pointCount)")
        }
        return spec
    }
}

/// Running, writing and merging scans.
public enum ParameterScan {
    public struct Row: Sendable, Hashable {
        public var index: Int
        /// The g' limit, or the reason there is none.
        public var coupling: Result<Double, RecastFailure>
    }

    /// The points of shard `shard` (1-based) of `count` for a scan of `total` points: a
    /// contiguous block, sizes differing by at most one.
    public static func shardRange(_ shard: Int, of count: Int, total: Int) -> Range<Int> {
        precondition(shard >= 1 && shard <= count)
        return (total * (shard - 1) / count) ..< (total * shard / count)
    }

    /// The g' limit at point `index`.
    public static func evaluate(_ spec: ScanSpecification, index: Int, card: SearchCard, crossSection: CrossSectionLookup) throws -> Row {
        let point = spec.point(index)
        let model = RecastModel.lMuMinusLTau(darkMatter: spec.darkMatter, coupling: point.couplingRatio, scalesWithGPrime: true,
                                             massFraction: point.massFraction)
        let result = try SearchRecast.recast(card, onto: model, masses: [point.mass], crossSection: crossSection)
        return Row(index: index, coupling: result?.points.first?.coupling ?? .failure(RecastFailure(.outsideReference)))
    }

    /// Evaluates `indices` on `threads` threads; `progress` is told how many are done (from any
    /// thread, in increasing order). The rows come back in the order of `indices`.
    public static func run(_ spec: ScanSpecification, indices: Range<Int>, card: SearchCard, crossSection: @escaping CrossSectionLookup,
                           threads: Int, progress: (@Sendable (Int) -> Void)? = nil) throws -> [Row] {
        var counts: (@Sendable (Int, Int) -> Void)?
        if let progress { counts = { done, _ in progress(done) } }
        return try parallelMap(indices.count, threads: threads, progress: counts) { offset in
            try evaluate(spec, index: indices.lowerBound + offset, card: card, crossSection: crossSection)
        }
    }

    /// The result as CSV with '#' header lines; `shard` (i, n) marks a partial result. `inputs`
    /// (a name and the SHA-256 of each file the points were computed from: the search card's
    /// files, the cross-section tables) go into the header, so that `merge` refuses shards
    /// computed from different inputs.
    public static func text(_ spec: ScanSpecification, rows: [Row], shard: (Int, Int)? = nil,
                            inputs: [(name: String, sha256: String)] = []) -> String {
        var lines = [
            "# b2recast \(KitVersion.current) scan: \(CSVText.comment(spec.name))",
            "# format: \(ScanSpecification.resultFormat)",
            "# spec_sha256: \(spec.digest)",
        ]
        lines += inputs.map { "# input_sha256: \($0.sha256) \(CSVText.comment($0.name))" }
        lines += [
            "# search: \(spec.search) (equal-signal-rate recast of its coupling limit, provenance derived)",
            "# model: L_mu - L_tau with \(spec.darkMatter.rawValue) dark matter, g_chi = ratio x g', m_chi = fraction x M_Z'",
            "# points: \(spec.pointCount)",
        ]
        if let (i, n) = shard { lines.append("# shard: \(i)/\(n)") }
        lines.append("index,M_Z' [GeV],g_chi/g',m_chi/M_Z',g' upper limit,note")
        for row in rows {
            let point = spec.point(row.index)
            let (value, note): (String, String)
            switch row.coupling {
            case let .success(g): (value, note) = (SignificantDigits.format(g, digits: 6), "")
            case let .failure(reason): (value, note) = ("-", "\(reason)")
            }
            lines.append(CSVText.row([String(row.index), SignificantDigits.format(point.mass, digits: 6),
                                      SignificantDigits.format(point.couplingRatio, digits: 6),
                                      SignificantDigits.format(point.massFraction, digits: 6), value, note.replacingOccurrences(of: ",", with: ";")]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Joins shard results (`name` for errors, `text`) into the text of the whole scan: every
    /// shard of one scan exactly once, each holding exactly its block of points.
    public static func merge(_ shards: [(name: String, text: String)]) throws -> String {
        struct Shard { var name: String; var header: [String]; var columns: String; var index, count: Int; var rows: [Substring] }
        var parsed: [Shard] = []
        for (name, text) in shards {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            let header = lines.prefix { $0.hasPrefix("#") }.map(String.init)
            guard header.contains("# format: \(ScanSpecification.resultFormat)"),
                  let shardLine = header.first(where: { $0.hasPrefix("# shard: ") }) else {
                throw InputFileError(file: name, field: "header", expected: "a shard of a b2recast scan (lines '# format: \(ScanSpecification.resultFormat)' and '# shard: i/n')")
            }
            let parts = shardLine.dropFirst("# shard: ".count).split(separator: "/").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 1, parts[0] <= parts[1] else {
                throw InputFileError(file: name, field: "shard", expected: "i/n with 1 <= i <= n, got '\(shardLine)'")
            }
            guard lines.count > header.count else { throw InputFileError(file: name, field: "columns", expected: "a line of column names after the header") }
            parsed.append(Shard(name: name, header: header.filter { $0 != shardLine }, columns: String(lines[header.count]),
                                index: parts[0], count: parts[1], rows: Array(lines.dropFirst(header.count + 1))))
        }
        guard let first = parsed.first else { throw InputFileError(file: "(merge)", field: "shards", expected: "at least one shard") }
        guard let totalLine = first.header.first(where: { $0.hasPrefix("# points: ") }), let total = Int(totalLine.dropFirst("# points: ".count)) else {
            throw InputFileError(file: first.name, field: "points", expected: "a '# points: N' line")
        }
        for shard in parsed where shard.header != first.header || shard.columns != first.columns || shard.count != first.count {
            let differing = zip(shard.header, first.header).first { $0 != $1 }
            let detail = differing.map { "; its line '\($0.0)' differs from '\($0.1)'" } ?? ""
            let inputs = differing.map { $0.0.hasPrefix("# input_sha256:") } ?? false
            throw InputFileError(file: shard.name, field: "header", expected: "a shard of the same scan as \(first.name) (same specification, "
                + "inputs, version and shard count)" + (inputs ? ", but it was computed from different inputs" : "") + detail)
        }
        let indices = parsed.map(\.index).sorted()
        guard indices == Array(1...first.count) else {
            let missing = Set(1...first.count).subtracting(indices).sorted(), twice = Dictionary(grouping: indices) { $0 }.filter { $1.count > 1 }.keys.sorted()
            throw InputFileError(file: first.name, field: "shards", expected: "each of the \(first.count) shards once; missing \(missing), twice \(twice)")
        }
        var rows: [Substring] = []
        for shard in parsed.sorted(by: { $0.index < $1.index }) {
            let expected = shardRange(shard.index, of: shard.count, total: total)
            let found = shard.rows.map { $0.prefix { $0 != "," } }.map { Int($0) }
            guard found == expected.map({ Optional($0) }) else {
                throw InputFileError(file: shard.name, field: "rows", expected: "the points \(expected.lowerBound)..<\(expected.upperBound) of shard \(shard.index)/\(shard.count), each once, in order")
            }
            rows += shard.rows
        }
        return (first.header + [first.columns] + rows.map(String.init)).joined(separator: "\n") + "\n"
    }
}
