/// The kit's one JSON writer: ordered keys, fixed number formatting (the same result always
/// gives the same bytes) and RFC 8259 string escapes. Infinite and NaN numbers, which JSON
/// cannot hold, are written as the strings "inf", "-inf" and "nan" by `rendered`, and refused
/// by `renderedFinite` (for files other programs parse as numbers, such as pyhf workspaces).
public indirect enum JSONText: Sendable {
    /// A measured or computed number, rounded to `digits` significant digits.
    case number(Double, digits: Int)
    /// An input echoed back exactly (Swift's shortest round-trip decimal).
    case exact(Double)
    case integer(Int)
    case string(String)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    /// The value as text; objects at the top level get one key per line.
    public func rendered(topLevel: Bool = true) -> String {
        switch self {
        case let .number(value, digits):
            return value.isFinite ? SignificantDigits.format(value, digits: digits) : Self.quoted(SignificantDigits.format(value))
        case let .exact(value):
            return value.isFinite ? "\(value)" : Self.quoted(SignificantDigits.format(value))
        case let .integer(value): return String(value)
        case let .string(value): return Self.quoted(value)
        case let .bool(value): return value ? "true" : "false"
        case .null: return "null"
        case let .array(values): return "[" + values.map { $0.rendered(topLevel: false) }.joined(separator: ", ") + "]"
        case let .object(members):
            let parts = members.map { Self.quoted($0.0) + ": " + $0.1.rendered(topLevel: false) }
            if topLevel { return "{\n" + parts.map { "  " + $0 }.joined(separator: ",\n") + "\n}" }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    /// A JSON string literal (RFC 8259 escapes).
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A number JSON cannot hold, and where it is ("channels[0].samples[1].data[2]").
    public struct NonFiniteNumber: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var value: Double
        public var description: String { "\(path): expected a finite number, got \(value) (JSON has no inf or nan)" }
    }

    /// The text, or `NonFiniteNumber` for the first infinite or NaN number.
    public func renderedFinite(topLevel: Bool = true) throws -> String {
        try checkFinite(path: "")
        return rendered(topLevel: topLevel)
    }

    private func checkFinite(path: String) throws {
        switch self {
        case let .number(value, _), let .exact(value):
            if !value.isFinite { throw NonFiniteNumber(path: path.isEmpty ? "(value)" : path, value: value) }
        case let .array(values):
            for (index, value) in values.enumerated() { try value.checkFinite(path: path + "[\(index)]") }
        case let .object(members):
            for (key, value) in members { try value.checkFinite(path: path.isEmpty ? key : path + "." + key) }
        case .integer, .string, .bool, .null:
            break
        }
    }
}
