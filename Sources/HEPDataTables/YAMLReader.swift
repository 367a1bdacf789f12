/// The YAML reader of the kit: the subset that HEPData records, the kit's cards and JSON files use,
/// read with hard limits so that no input can crash it or make it run away.
///
/// Read: block mappings and sequences (including compact `- key: value` entries and sequences at
/// the indentation of their key), flow collections `[...]` and `{...}` over several lines, plain,
/// single- and double-quoted scalars (escapes, line folding), literal `|` and folded `>` block
/// scalars with chomping and indentation indicators, comments, several documents (`---`, `...`),
/// a `%YAML` directive, anchors `&a` and aliases `*a`.
///
/// Plain scalars resolve as in YAML 1.2's core schema: `null`, `~` or nothing is null;
/// `true`/`false` are booleans; decimal, `0x` and `0o` integers; decimal floats with an optional
/// exponent, `.inf`, `.nan`; everything else is a string. Mapping keys are strings.
///
/// Refused with an `InputFileError` naming the line and column: tags (`!`), complex keys (`?`),
/// tabs in indentation, duplicate keys, nesting deeper than `maxDepth`, more than `maxNodes`
/// nodes (aliases count with what they expand to), and more than `maxBytes` of text.
public enum YAMLReader {
    public static let maxDepth = 64
    public static let maxNodes = 4_000_000
    public static let maxBytes = 64 << 20

    /// Every document of `text`, read from `file` (named in errors).
    public static func documents(_ text: String, file: String) throws -> [YAMLValue] {
        var parser = try Parser(text, file: file)
        return try parser.stream()
    }

    /// The one document of `text`; an empty text is null.
    public static func document(_ text: String, file: String) throws -> YAMLValue {
        let all = try documents(text, file: file)
        guard all.count <= 1 else {
            throw InputFileError(file: file, field: "(document)", expected: "one YAML document, found \(all.count)")
        }
        return all.first ?? .null
    }
}

private let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
private let hash = UInt8(ascii: "#"), colon = UInt8(ascii: ":"), dash = UInt8(ascii: "-"), comma = UInt8(ascii: ",")
private let singleQuote = UInt8(ascii: "'"), doubleQuote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
private let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
private let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
private let flowIndicators: Set<UInt8> = [comma, openBracket, closeBracket, openBrace, closeBrace]

private struct Parser {
    let bytes: [UInt8]
    let file: String
    var index = 0
    var line = 1
    var lineStart = 0
    var nodes = 0
    var anchors: [String: (value: YAMLValue, nodes: Int)] = [:]

    init(_ text: String, file: String) throws {
        var bytes = Array(text.utf8)
        guard bytes.count <= YAMLReader.maxBytes else {
            throw InputFileError(file: file, field: "(file)", expected: "at most \(YAMLReader.maxBytes) bytes of YAML, got \(bytes.count)")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.contains(UInt8(ascii: "\r")) {
            var normalised: [UInt8] = []
            normalised.reserveCapacity(bytes.count)
            var k = 0
            while k < bytes.count {
                if bytes[k] == UInt8(ascii: "\r") {
                    normalised.append(newline)
                    if k + 1 < bytes.count, bytes[k + 1] == newline { k += 1 }
                } else {
                    normalised.append(bytes[k])
                }
                k += 1
            }
            bytes = normalised
        }
        self.bytes = bytes
        self.file = file
    }

    // MARK: Position

    var column: Int { index - lineStart }
    var atEnd: Bool { index >= bytes.count }
    func byte(_ offset: Int = 0) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
    var atLineEnd: Bool { atEnd || bytes[index] == newline }

    /// True when the byte at `offset` is a space, a tab, a line end or the end of the text.
    func isBlank(_ offset: Int) -> Bool {
        guard let b = byte(offset) else { return true }
        return b == space || b == tab || b == newline
    }

    func error(_ expected: String) -> InputFileError {
        InputFileError(file: file, field: "line \(line), column \(column + 1)", expected: expected)
    }

    mutating func consumeNewline() {
        index += 1
        line += 1
        lineStart = index
    }

    mutating func skipSpaces() {
        while let b = byte(), b == space || b == tab { index += 1 }
    }

    /// Skips to the first character of the next line that holds content (not blank, not only a
    /// comment). False at the end of the text.
    mutating func skipToContent() throws -> Bool {
        while !atEnd {
            if index == lineStart {
                while let b = byte(), b == space { index += 1 }
                if byte() == tab {
                    // A tab after the indentation of a blank line is harmless; before content it is not.
                    var k = index
                    while k < bytes.count, bytes[k] == tab || bytes[k] == space { k += 1 }
                    if k < bytes.count, bytes[k] != newline, bytes[k] != hash { throw error("spaces, not tabs, for indentation") }
                }
            }
            skipSpaces()
            if byte() == hash { while !atLineEnd { index += 1 } }
            if atEnd { return false }
            if bytes[index] == newline {
                consumeNewline()
                continue
            }
            return true
        }
        return false
    }

    /// After a value: only spaces and a comment may follow on its line.
    mutating func expectLineEnd() throws {
        let before = index
        skipSpaces()
        if byte() == hash, index > before || index == lineStart { while !atLineEnd { index += 1 } }
        guard atLineEnd else { throw error("the end of the line after a value") }
    }

    /// `---` or `...` at the start of a line.
    func atDocumentMarker(_ mark: UInt8? = nil) -> Bool {
        guard column == 0, let b = byte(), b == dash || b == UInt8(ascii: "."), mark == nil || b == mark else { return false }
        return byte(1) == b && byte(2) == b && isBlank(3)
    }

    mutating func countNode(_ count: Int = 1) throws {
        nodes += count
        guard nodes <= YAMLReader.maxNodes else {
            throw error("at most \(YAMLReader.maxNodes) nodes (aliases count with what they expand to)")
        }
    }

    func checkDepth(_ depth: Int) throws {
        guard depth <= YAMLReader.maxDepth else { throw error("nesting at most \(YAMLReader.maxDepth) levels deep") }
    }

    // MARK: Documents

    mutating func stream() throws -> [YAMLValue] {
        var documents: [YAMLValue] = []
        var openDocument = false
        var sawDirective = false
        while try skipToContent() {
            if column == 0, byte() == UInt8(ascii: "%") {
                guard bytes[index...].starts(with: Array("%YAML".utf8)), !openDocument else {
                    throw error("no directive other than %YAML, and only before a document")
                }
                sawDirective = true
                while !atLineEnd { index += 1 }
                continue
            }
            if atDocumentMarker(dash) {
                if openDocument { documents.append(.null) }
                index += 3
                openDocument = true
                sawDirective = false
                skipSpaces()
                if atLineEnd || byte() == hash { continue }
                documents.append(try node(parentIndent: -1, depth: 1))
                try expectLineEnd()
                openDocument = false
                continue
            }
            if atDocumentMarker(UInt8(ascii: ".")) {
                if openDocument { documents.append(.null) }
                openDocument = false
                index += 3
                try expectLineEnd()
                continue
            }
            guard !sawDirective else { throw error("'---' after a directive") }
            documents.append(try node(parentIndent: -1, depth: 1))
            openDocument = false
            if try skipToContent(), !atDocumentMarker() {
                throw error("a new document ('---') or the end of the text, not more content at this indentation")
            }
        }
        if openDocument { documents.append(.null) }
        return documents
    }

    // MARK: Block structure

    /// A node starting at the current position, whose lines must be indented more than
    /// `parentIndent`; `inline` is true after `- ` or `key:` on the same line.
    mutating func node(parentIndent: Int, depth: Int, inline: Bool = false, afterKey: Bool = false, anchored: Bool = false) throws -> YAMLValue {
        try checkDepth(depth)
        if byte() == UInt8(ascii: "&") {
            guard !anchored else { throw error("one anchor per node") }
            let name = anchorName()
            let before = nodes
            skipSpaces()
            let value: YAMLValue
            if atLineEnd || byte() == hash {
                value = try valueOnFollowingLines(parentIndent: parentIndent, depth: depth, indentlessSequence: afterKey, anchored: true)
            } else {
                value = try node(parentIndent: parentIndent, depth: depth, inline: inline, afterKey: afterKey, anchored: true)
            }
            anchors[name] = (value, nodes - before)
            return value
        }
        let c = column
        if byte() == dash, isBlank(1) {
            guard !afterKey else { throw error("a value, not a sequence entry, after a key on the same line") }
            return try blockSequence(column: c, depth: depth)
        }
        if !afterKey, try lineHasKey() { return try blockMapping(column: c, depth: depth) }
        return try scalarOrFlow(parentIndent: parentIndent, depth: depth)
    }

    /// The value after `key:` or `- ` when the rest of the line is empty: a node on the next lines
    /// indented more than `parentIndent` (or a sequence at the key's indentation), else null.
    mutating func valueOnFollowingLines(parentIndent: Int, depth: Int, indentlessSequence: Bool, anchored: Bool = false) throws -> YAMLValue {
        guard try skipToContent(), !atDocumentMarker() else { return try nullNode() }
        if column > parentIndent { return try node(parentIndent: parentIndent, depth: depth, anchored: anchored) }
        if indentlessSequence, column == parentIndent, byte() == dash, isBlank(1) {
            try checkDepth(depth)
            return try blockSequence(column: column, depth: depth)
        }
        return try nullNode()
    }

    mutating func nullNode() throws -> YAMLValue {
        try countNode()
        return .null
    }

    mutating func blockSequence(column c: Int, depth: Int) throws -> YAMLValue {
        try countNode()
        var items: [YAMLValue] = []
        while true {
            index += 1  // the '-'
            skipSpaces()
            if atLineEnd || byte() == hash {
                items.append(try valueOnFollowingLines(parentIndent: c, depth: depth + 1, indentlessSequence: false))
            } else {
                items.append(try node(parentIndent: c, depth: depth + 1, inline: true))
            }
            guard try skipToContent(), !atDocumentMarker(), column >= c else { break }
            guard column == c else { throw error("a sequence entry at column \(c + 1) or less indentation") }
            guard byte() == dash, isBlank(1) else { break }
        }
        return .sequence(items)
    }

    mutating func blockMapping(column c: Int, depth: Int) throws -> YAMLValue {
        try countNode()
        var pairs: [(key: String, value: YAMLValue)] = []
        var seen: Set<String> = []
        while true {
            let keyLine = line, keyColumn = column
            let key = try blockKey()
            guard seen.insert(key).inserted else {
                throw InputFileError(file: file, field: "line \(keyLine), column \(keyColumn + 1)", expected: "unique keys, '\(key)' appears twice")
            }
            skipSpaces()
            let value: YAMLValue
            if atLineEnd || byte() == hash {
                value = try valueOnFollowingLines(parentIndent: c, depth: depth + 1, indentlessSequence: true)
            } else {
                value = try node(parentIndent: c, depth: depth + 1, inline: true, afterKey: true)
            }
            pairs.append((key, value))
            guard try skipToContent(), !atDocumentMarker(), column >= c else { break }
            guard column == c else { throw error("a key at column \(c + 1) or less indentation") }
            if byte() == dash, isBlank(1) { break }
        }
        return .mapping(pairs)
    }

    /// Whether the current line holds `key:` at the current position (a block mapping entry).
    func lineHasKey() throws -> Bool {
        var k = index
        guard k < bytes.count else { return false }
        let first = bytes[k]
        if first == UInt8(ascii: "?"), k + 1 >= bytes.count || [space, tab, newline].contains(bytes[k + 1]) {
            throw error("no complex mapping keys ('?')")
        }
        if first == openBracket || first == openBrace || first == UInt8(ascii: "|") || first == UInt8(ascii: ">") { return false }
        if first == singleQuote || first == doubleQuote {
            k += 1
            while k < bytes.count, bytes[k] != newline {
                if bytes[k] == backslash, first == doubleQuote { k += 2; continue }
                if bytes[k] == first {
                    if first == singleQuote, k + 1 < bytes.count, bytes[k + 1] == singleQuote { k += 2; continue }
                    break
                }
                k += 1
            }
            guard k < bytes.count, bytes[k] == first else { return false }
            k += 1
            while k < bytes.count, bytes[k] == space || bytes[k] == tab { k += 1 }
            return k < bytes.count && bytes[k] == colon && (k + 1 == bytes.count || [space, tab, newline].contains(bytes[k + 1]))
        }
        while k < bytes.count, bytes[k] != newline {
            if bytes[k] == colon, k + 1 == bytes.count || [space, tab, newline].contains(bytes[k + 1]) { return true }
            if bytes[k] == hash, k > index, bytes[k - 1] == space || bytes[k - 1] == tab { return false }
            k += 1
        }
        return false
    }

    /// A key of a block mapping and its ':'.
    mutating func blockKey() throws -> String {
        guard let b = byte() else { throw error("a key") }
        if b == UInt8(ascii: "&") || b == UInt8(ascii: "*") || b == UInt8(ascii: "!") {
            throw error("a plain or quoted key (no anchors, aliases or tags on keys)")
        }
        let key: String
        if b == singleQuote || b == doubleQuote {
            key = try quoted(parentIndent: column)
        } else {
            guard try lineHasKey(), !(b == dash && isBlank(1)) else { throw error("a key followed by ':'") }
            let start = index
            while !(bytes[index] == colon && isBlank(1)) { index += 1 }
            key = String(decoding: trimmedTrailing(bytes[start..<index]), as: UTF8.self)
        }
        skipSpaces()
        guard byte() == colon else { throw error("':' after the key") }
        index += 1
        try countNode()
        return key
    }

    // MARK: Scalars and flow collections

    mutating func scalarOrFlow(parentIndent: Int, depth: Int) throws -> YAMLValue {
        guard let b = byte() else { return try nullNode() }
        switch b {
        case UInt8(ascii: "*"):
            return try alias()
        case UInt8(ascii: "!"):
            throw error("no tags ('!'); the kit reads untagged YAML")
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            try countNode()
            return .string(try blockScalar(parentIndent: parentIndent))
        case openBracket, openBrace:
            let value = try flow(depth: depth)
            try expectLineEnd()
            return value
        case singleQuote, doubleQuote:
            try countNode()
            let text = try quoted(parentIndent: parentIndent)
            try expectLineEnd()
            return .string(text)
        case UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: "%"):
            throw error("a value (a plain scalar cannot start with '\(Character(Unicode.Scalar(b)))')")
        default:
            try countNode()
            return resolve(try plainBlockScalar(parentIndent: parentIndent))
        }
    }

    mutating func anchorName() -> String {
        index += 1
        let start = index
        while let b = byte(), b != space, b != tab, b != newline, !flowIndicators.contains(b) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func alias() throws -> YAMLValue {
        let name = anchorName()
        guard let anchored = anchors[name] else { throw error("an anchor '&\(name)' defined before the alias '*\(name)'") }
        try countNode(max(anchored.nodes, 1))
        return anchored.value
    }

    /// A plain scalar in block context, folded over continuation lines indented more than
    /// `parentIndent`.
    mutating func plainBlockScalar(parentIndent: Int) throws -> String {
        var text = plainLine()
        while try endOfPlainLine() {
            let saved = (index, line, lineStart)
            var emptyLines = 0
            guard !atEnd else { break }
            consumeNewline()
            // Count empty lines, stop at a comment line, a marker or a less indented line.
            var continues = false
            while !atEnd {
                skipSpaces()
                if atEnd { break }
                if bytes[index] == newline {
                    emptyLines += 1
                    consumeNewline()
                    continue
                }
                continues = bytes[index] != hash && column > parentIndent && !atDocumentMarker()
                break
            }
            guard continues else {
                (index, line, lineStart) = saved
                break
            }
            let more = plainLine()
            if more.isEmpty {
                (index, line, lineStart) = saved
                break
            }
            text += emptyLines == 0 ? " " : String(repeating: "\n", count: emptyLines)
            text += more
        }
        return text
    }

    /// Where a line of a plain scalar stopped: true at the line end (the scalar may continue),
    /// false after a comment (which ends it); ': ' is an error.
    mutating func endOfPlainLine() throws -> Bool {
        if byte() == colon { throw error("no ': ' inside a plain value (quote it)") }
        guard byte() == hash else { return true }
        while !atLineEnd { index += 1 }
        return false
    }

    /// The rest of a plain scalar on this line: up to ': ', ' #' or the line end; trailing spaces
    /// removed. Leaves the position at the stop.
    mutating func plainLine() -> String {
        let start = index
        var end = index
        while let b = byte(), b != newline {
            if b == colon, isBlank(1) { break }
            if b == hash, index > start, bytes[index - 1] == space || bytes[index - 1] == tab { break }
            index += 1
            if b != space, b != tab { end = index }
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    func trimmedTrailing(_ slice: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var end = slice.endIndex
        while end > slice.startIndex, slice[end - 1] == space || slice[end - 1] == tab { end -= 1 }
        return slice[slice.startIndex..<end]
    }

    /// A single- or double-quoted scalar, which may run over several lines (folded).
    mutating func quoted(parentIndent: Int) throws -> String {
        let quote = bytes[index]
        let startLine = line, startColumn = column
        index += 1
        var out: [UInt8] = []
        while true {
            guard let b = byte() else {
                throw InputFileError(file: file, field: "line \(startLine), column \(startColumn + 1)", expected: "a closing \(quote == singleQuote ? "'" : "\"")")
            }
            if b == quote {
                if quote == singleQuote, byte(1) == singleQuote {
                    out.append(singleQuote)
                    index += 2
                    continue
                }
                index += 1
                break
            }
            if b == newline {
                // Fold: trailing spaces go, one break is a space, n + 1 breaks are n newlines.
                while let last = out.last, last == space || last == tab { out.removeLast() }
                var breaks = 0
                while byte() == newline {
                    breaks += 1
                    consumeNewline()
                    skipSpaces()
                    if atDocumentMarker() { throw error("a closing quote before the document marker") }
                }
                out.append(contentsOf: breaks == 1 ? [space] : [UInt8](repeating: newline, count: breaks - 1))
                continue
            }
            if quote == doubleQuote, b == backslash {
                try escape(into: &out)
                continue
            }
            out.append(b)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func escape(into out: inout [UInt8]) throws {
        index += 1
        guard let e = byte() else { throw error("an escape after '\\'") }
        index += 1
        let simple: [UInt8: [UInt8]] = [
            UInt8(ascii: "0"): [0], UInt8(ascii: "a"): [7], UInt8(ascii: "b"): [8], UInt8(ascii: "t"): [9], tab: [9],
            UInt8(ascii: "n"): [10], UInt8(ascii: "v"): [11], UInt8(ascii: "f"): [12], UInt8(ascii: "r"): [13],
            UInt8(ascii: "e"): [27], space: [32], doubleQuote: [34], UInt8(ascii: "/"): [47], backslash: [92],
            UInt8(ascii: "N"): [0xC2, 0x85], UInt8(ascii: "_"): [0xC2, 0xA0],
            UInt8(ascii: "L"): [0xE2, 0x80, 0xA8], UInt8(ascii: "P"): [0xE2, 0x80, 0xA9],
        ]
        if let bytes = simple[e] {
            out.append(contentsOf: bytes)
            return
        }
        if e == newline {
            // An escaped line break joins the lines without a space.
            index -= 1
            consumeNewline()
            skipSpaces()
            return
        }
        let digits: Int
        switch e {
        case UInt8(ascii: "x"): digits = 2
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default: throw error("a known escape, not '\\\(Character(Unicode.Scalar(e)))'")
        }
        var code: UInt32 = 0
        for _ in 0..<digits {
            guard let h = byte(), let v = hexValue(h) else { throw error("\(digits) hexadecimal digits after '\\\(Character(Unicode.Scalar(e)))'") }
            code = code * 16 + v
            index += 1
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("a valid Unicode code point, got \(code)") }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar.
    mutating func blockScalar(parentIndent: Int) throws -> String {
        let folded = bytes[index] == UInt8(ascii: ">")
        index += 1
        var chomp: UInt8?
        var explicitIndent: Int?
        for _ in 0..<2 {
            guard let b = byte() else { break }
            if (b == dash || b == UInt8(ascii: "+")), chomp == nil {
                chomp = b
                index += 1
            } else if b >= UInt8(ascii: "1"), b <= UInt8(ascii: "9"), explicitIndent == nil {
                explicitIndent = Int(b - UInt8(ascii: "0"))
                index += 1
            }
        }
        try expectLineEnd()
        var indent = explicitIndent.map { max(parentIndent, 0) + $0 }
        var lines: [ArraySlice<UInt8>?] = []  // nil for an empty line
        while !atEnd {
            consumeNewline()
            var k = index
            while k < bytes.count, bytes[k] == space { k += 1 }
            let width = k - index
            if k >= bytes.count || bytes[k] == newline {
                if let indent, width > indent { lines.append(bytes[(index + indent)..<k]) } else { lines.append(nil) }
                index = k
                continue
            }
            if indent == nil {
                guard width > parentIndent else { index = lineStart; break }
                indent = width
            }
            guard let indent, width >= indent, !(width == 0 && atDocumentMarkerAt(k)) else { index = lineStart; break }
            var end = k
            while end < bytes.count, bytes[end] != newline { end += 1 }
            lines.append(bytes[(index + indent)..<end])
            index = end
        }
        var trailing = 0
        while let last = lines.last, last == nil { lines.removeLast(); trailing += 1 }
        var out: [UInt8] = []
        var pendingBreaks = 0
        var previousMoreIndented = false
        var first = true
        for entry in lines {
            guard let content = entry else { pendingBreaks += 1; continue }
            let moreIndented = content.first == space || content.first == tab
            if first {
                out.append(contentsOf: [UInt8](repeating: newline, count: pendingBreaks))
            } else if !folded || previousMoreIndented || moreIndented {
                out.append(contentsOf: [UInt8](repeating: newline, count: pendingBreaks + 1))
            } else {
                out.append(contentsOf: pendingBreaks == 0 ? [space] : [UInt8](repeating: newline, count: pendingBreaks))
            }
            out.append(contentsOf: content)
            pendingBreaks = 0
            previousMoreIndented = moreIndented
            first = false
        }
        if first { trailing += pendingBreaks }
        switch chomp {
        case dash: break
        case UInt8(ascii: "+"): out.append(contentsOf: [UInt8](repeating: newline, count: (first ? 0 : 1) + trailing))
        default: if !first { out.append(newline) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func atDocumentMarkerAt(_ k: Int) -> Bool {
        guard k + 2 < bytes.count else { return false }
        let b = bytes[k]
        guard b == dash || b == UInt8(ascii: "."), bytes[k + 1] == b, bytes[k + 2] == b else { return false }
        return k + 3 == bytes.count || [space, tab, newline].contains(bytes[k + 3])
    }

    /// Skips spaces, line breaks and comments inside a flow collection.
    mutating func skipFlowSpace() throws {
        while let b = byte() {
            if b == space || b == tab {
                index += 1
            } else if b == newline {
                consumeNewline()
                if atDocumentMarker() { throw error("the end of the flow collection before the document marker") }
            } else if b == hash, index == lineStart || bytes[index - 1] == space || bytes[index - 1] == tab {
                while !atLineEnd { index += 1 }
            } else {
                return
            }
        }
    }

    /// A flow sequence `[...]` or mapping `{...}`.
    mutating func flow(depth: Int) throws -> YAMLValue {
        try checkDepth(depth)
        try countNode()
        let isMapping = bytes[index] == openBrace
        let close = isMapping ? closeBrace : closeBracket
        let startLine = line, startColumn = column
        index += 1
        var items: [YAMLValue] = []
        var pairs: [(key: String, value: YAMLValue)] = []
        var seen: Set<String> = []
        while true {
            try skipFlowSpace()
            guard let b = byte() else {
                throw InputFileError(file: file, field: "line \(startLine), column \(startColumn + 1)",
                                     expected: "a closing '\(Character(Unicode.Scalar(close)))'")
            }
            if b == close {
                index += 1
                break
            }
            let entryLine = line, entryColumn = column
            let entry = try flowNode(depth: depth + 1)
            try skipFlowSpace()
            var value: YAMLValue?
            if byte() == colon {
                index += 1
                try skipFlowSpace()
                value = byte() == comma || byte() == close ? try nullNode() : try flowNode(depth: depth + 1).value
                try skipFlowSpace()
            }
            if isMapping || value != nil {
                guard case let .string(key) = entry.keyText else {
                    throw InputFileError(file: file, field: "line \(entryLine), column \(entryColumn + 1)", expected: "a scalar key")
                }
                if isMapping {
                    guard seen.insert(key).inserted else {
                        throw InputFileError(file: file, field: "line \(entryLine), column \(entryColumn + 1)", expected: "unique keys, '\(key)' appears twice")
                    }
                    pairs.append((key, value ?? .null))
                } else {
                    items.append(.mapping([(key, value ?? .null)]))
                }
            } else {
                items.append(entry.value)
            }
            if byte() == comma {
                index += 1
                continue
            }
            guard !atEnd else {
                throw InputFileError(file: file, field: "line \(startLine), column \(startColumn + 1)",
                                     expected: "a closing '\(Character(Unicode.Scalar(close)))'")
            }
            guard byte() == close else { throw error("',' or '\(Character(Unicode.Scalar(close)))' in the flow collection") }
            index += 1
            break
        }
        return isMapping ? .mapping(pairs) : .sequence(items)
    }

    /// A node inside a flow collection, with the source text of a scalar (for keys).
    mutating func flowNode(depth: Int) throws -> (value: YAMLValue, keyText: YAMLValue) {
        guard let b = byte() else { throw error("a value") }
        switch b {
        case openBracket, openBrace:
            return (try flow(depth: depth), .null)
        case singleQuote, doubleQuote:
            try countNode()
            let text = try quoted(parentIndent: -1)
            return (.string(text), .string(text))
        case UInt8(ascii: "*"):
            return (try alias(), .null)
        case UInt8(ascii: "&"):
            let name = anchorName()
            let before = nodes
            try skipFlowSpace()
            guard byte() != UInt8(ascii: "&") else { throw error("one anchor per node") }
            let anchored = try flowNode(depth: depth)
            anchors[name] = (anchored.value, nodes - before)
            return anchored
        case UInt8(ascii: "!"):
            throw error("no tags ('!'); the kit reads untagged YAML")
        case closeBracket, closeBrace, comma:
            throw error("a value before '\(Character(Unicode.Scalar(b)))'")
        default:
            try countNode()
            var words: [String] = []
            while true {
                let start = index
                var end = index
                while let c = byte(), c != newline {
                    if flowIndicators.contains(c) { break }
                    if c == colon, isBlank(1) || byte(1).map(flowIndicators.contains) == true { break }
                    if c == hash, index > start, bytes[index - 1] == space || bytes[index - 1] == tab { break }
                    index += 1
                    if c != space, c != tab { end = index }
                }
                if end > start { words.append(String(decoding: bytes[start..<end], as: UTF8.self)) }
                guard byte() == newline else { break }
                // A plain scalar may continue on the next line inside a flow collection.
                let saved = (index, line, lineStart)
                try skipFlowSpace()
                guard let next = byte(), !flowIndicators.contains(next), next != colon, next != hash else {
                    (index, line, lineStart) = saved
                    break
                }
            }
            let text = words.joined(separator: " ")
            return (resolve(text), .string(text))
        }
    }

    /// Core-schema resolution of a plain scalar.
    func resolve(_ text: String) -> YAMLValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        let utf8 = Array(text.utf8)
        if utf8.count > 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "o") {
            if let value = Int(String(decoding: utf8[2...], as: UTF8.self), radix: utf8[1] == UInt8(ascii: "x") ? 16 : 8) {
                return .int(value)
            }
            return .string(text)
        }
        guard isDecimalNumber(utf8) else { return .string(text) }
        if utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") || $0 == dash || $0 == UInt8(ascii: "+") }),
           let value = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
            return .int(value)
        }
        return Double(text).map(YAMLValue.double) ?? .string(text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    func isDecimalNumber(_ s: [UInt8]) -> Bool {
        var k = 0
        func digits() -> Int {
            let start = k
            while k < s.count, s[k] >= UInt8(ascii: "0"), s[k] <= UInt8(ascii: "9") { k += 1 }
            return k - start
        }
        if k < s.count, s[k] == dash || s[k] == UInt8(ascii: "+") { k += 1 }
        let whole = digits()
        var fraction = 0
        if k < s.count, s[k] == UInt8(ascii: ".") {
            k += 1
            fraction = digits()
        }
        guard whole > 0 || fraction > 0 else { return false }
        if k < s.count, s[k] == UInt8(ascii: "e") || s[k] == UInt8(ascii: "E") {
            k += 1
            if k < s.count, s[k] == dash || s[k] == UInt8(ascii: "+") { k += 1 }
            guard digits() > 0 else { return false }
        }
        return k == s.count
    }
}
