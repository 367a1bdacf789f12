/// A YAML node as the kit reads it: scalars already resolved to null, bool, integer, floating
/// point or string, and mappings that keep the order of their keys.
public enum YAMLValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case sequence([YAMLValue])
    /// Keys in document order; keys are unique.
    case mapping([(key: String, value: YAMLValue)])

    public static func == (a: YAMLValue, b: YAMLValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.int(x), .int(y)): x == y
        case let (.double(x), .double(y)): x == y || (x.isNaN && y.isNaN)
        case let (.string(x), .string(y)): x == y
        case let (.sequence(x), .sequence(y)): x == y
        case let (.mapping(x), .mapping(y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case let .bool(x): hasher.combine(x)
        case let .int(x): hasher.combine(x)
        case let .double(x): hasher.combine(x.isNaN ? .nan : x)
        case let .string(x): hasher.combine(x)
        case let .sequence(x): hasher.combine(x)
        case let .mapping(x):
            for (key, value) in x {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }

    /// The value as `FieldReader` reads it: `[String: Any]`, `[Any]`, `String`, `Int`, `Double`,
    /// `Bool`, or `YAMLNull`.
    public var anyValue: Any {
        switch self {
        case .null: YAMLNull()
        case let .bool(x): x
        case let .int(x): x
        case let .double(x): x
        case let .string(x): x
        case let .sequence(x): x.map(\.anyValue)
        case let .mapping(x): Dictionary(x.map { ($0.key, $0.value.anyValue) }, uniquingKeysWith: { first, _ in first })
        }
    }
}

/// An explicit null (`key:` with nothing after it, `~` or `null`), distinct from a missing key.
public struct YAMLNull: Sendable, Hashable, CustomStringConvertible {
    public init() {}
    public var description: String { "null" }
}
