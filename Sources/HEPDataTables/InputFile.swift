/// Bad input in a file: the file, the field and what was expected.
public struct InputFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var field: String
    public var expected: String

    public init(file: String, field: String, expected: String) {
        self.file = file
        self.field = field
        self.expected = expected
    }

    public var description: String { "\(file): \(field): expected \(expected)" }
}

/// Typed access to a parsed YAML or JSON document (as Yams or JSONSerialization return it), every
/// failure an `InputFileError` naming the file and the field path.
public struct FieldReader: Sendable {
    public var file: String

    public init(file: String) { self.file = file }

    public func mapping(_ value: Any?, field: String, allowed: Set<String>) throws -> [String: Any] {
        guard let value else { throw InputFileError(file: file, field: field, expected: "a mapping, found nothing") }
        guard let mapping = value as? [String: Any] else {
            throw InputFileError(file: file, field: field, expected: "a mapping with keys \(allowed.sorted())")
        }
        if let unknown = mapping.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw InputFileError(file: file, field: field + "." + unknown, expected: "one of the keys \(allowed.sorted())")
        }
        return mapping
    }

    public func list(_ value: Any?, field: String) throws -> [Any] {
        guard let value else { throw InputFileError(file: file, field: field, expected: "a list, found nothing") }
        guard let list = value as? [Any] else { throw InputFileError(file: file, field: field, expected: "a list") }
        return list
    }

    public func string(_ value: Any?, field: String) throws -> String {
        guard let value else { throw InputFileError(file: file, field: field, expected: "a string, found nothing") }
        guard let text = value as? String else { throw InputFileError(file: file, field: field, expected: "a string") }
        return text
    }

    public func number(_ value: Any?, field: String, atLeast lower: Double = -.infinity, atMost upper: Double = .infinity) throws -> Double {
        let range = upper.isFinite ? "between \(lower) and \(upper)" : "a number >= \(lower)"
        guard let value else { throw InputFileError(file: file, field: field, expected: "\(range), found nothing") }
        let number: Double
        switch value {
        case let integer as Int: number = Double(integer)
        case let double as Double: number = double
        default: throw InputFileError(file: file, field: field, expected: "\(range), got \"\(value)\"")
        }
        guard number.isFinite, number >= lower, number <= upper else {
            throw InputFileError(file: file, field: field, expected: "a finite number \(range), got \(number)")
        }
        return number
    }
}
