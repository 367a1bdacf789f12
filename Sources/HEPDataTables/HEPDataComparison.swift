/// Numerical comparison of two HEPData records or tables: numbers agree when
/// |a - b| <= atol + rtol |b| (b the second, reference, side); texts, names, units and qualifiers
/// must be equal. Each difference says where it is.
public struct HEPDataComparison: Sendable {
    public var relativeTolerance: Double
    public var absoluteTolerance: Double

    public init(relativeTolerance: Double, absoluteTolerance: Double) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
    }

    public struct Difference: Sendable, Hashable, CustomStringConvertible {
        /// Where: table, variable, point.
        public var location: String
        public var detail: String
        public var description: String { "\(location): \(detail)" }
    }

    /// The differences between two records, tables matched by name.
    public func differences(_ a: HEPDataRecord, _ b: HEPDataRecord) -> [Difference] {
        var out: [Difference] = []
        let namesA = a.entries.map(\.name), namesB = b.entries.map(\.name)
        for name in namesA where !namesB.contains(name) { out.append(Difference(location: "table '\(name)'", detail: "only in the first record")) }
        for name in namesB where !namesA.contains(name) { out.append(Difference(location: "table '\(name)'", detail: "only in the second record")) }
        for entryA in a.entries {
            guard let entryB = b.entry(named: entryA.name) else { continue }
            out += differences(entryA.table, entryB.table, location: "table '\(entryA.name)'")
        }
        return out
    }

    /// The differences between two tables.
    public func differences(_ a: HEPDataTable, _ b: HEPDataTable, location: String = "table") -> [Difference] {
        var out: [Difference] = []
        for (kind, left, right) in [("independent", a.independent, b.independent), ("dependent", a.dependent, b.dependent)] {
            guard left.count == right.count else {
                out.append(Difference(location: location, detail: "\(left.count) vs \(right.count) \(kind) variables"))
                continue
            }
            for (index, (x, y)) in zip(left, right).enumerated() {
                out += differences(x, y, location: "\(location), \(kind) \(index + 1) '\(x.name)'")
            }
        }
        return out
    }

    func differences(_ a: HEPDataTable.Variable, _ b: HEPDataTable.Variable, location: String) -> [Difference] {
        var out: [Difference] = []
        func differ(_ detail: String) { out.append(Difference(location: location, detail: detail)) }
        if a.name != b.name { differ("name '\(a.name)' vs '\(b.name)'") }
        if a.units != b.units { differ("units '\(a.units ?? "")' vs '\(b.units ?? "")'") }
        if a.qualifiers != b.qualifiers {
            differ("qualifiers \(a.qualifiers.map { "\($0.name)=\($0.value)" }) vs \(b.qualifiers.map { "\($0.name)=\($0.value)" })")
        }
        guard a.points.count == b.points.count else {
            differ("\(a.points.count) vs \(b.points.count) values")
            return out
        }
        for (index, (p, q)) in zip(a.points, b.points).enumerated() {
            let at = "value \(index + 1)"
            if let detail = compare(p.value, q.value) { differ("\(at): \(detail)") }
            if let detail = compare(p.low.map { .number($0) }, q.low.map { .number($0) }) { differ("\(at) low: \(detail)") }
            if let detail = compare(p.high.map { .number($0) }, q.high.map { .number($0) }) { differ("\(at) high: \(detail)") }
            guard p.errors.count == q.errors.count else {
                differ("\(at): \(p.errors.count) vs \(q.errors.count) uncertainties")
                continue
            }
            for (k, (e, f)) in zip(p.errors, q.errors).enumerated() {
                let label = "\(at) uncertainty \(k + 1)\(e.label.map { " '\($0)'" } ?? "")"
                if e.label != f.label { differ("\(label): label '\(e.label ?? "")' vs '\(f.label ?? "")'") }
                switch (e.size, f.size) {
                case let (.symmetric(x), .symmetric(y)):
                    if let detail = compare(x, y) { differ("\(label): \(detail)") }
                case let (.asymmetric(xp, xm), .asymmetric(yp, ym)):
                    if let detail = compare(xp, yp) { differ("\(label) plus: \(detail)") }
                    if let detail = compare(xm, ym) { differ("\(label) minus: \(detail)") }
                default:
                    differ("\(label): symmetric vs asymmetric")
                }
            }
        }
        return out
    }

    /// nil when the two agree; otherwise what differs.
    func compare(_ a: HEPDataTable.Scalar?, _ b: HEPDataTable.Scalar?) -> String? {
        switch (a, b) {
        case (nil, nil): return nil
        case let (.number(x)?, .number(y)?):
            let tolerance = absoluteTolerance + relativeTolerance * Swift.abs(y)
            let difference = Swift.abs(x - y)
            guard difference > tolerance || (x.isNaN != y.isNaN) else { return nil }
            return "\(x) vs \(y) (|difference| \(SignificantDigits.format(difference, digits: 3)) > tolerance \(SignificantDigits.format(tolerance, digits: 3)))"
        case let (x?, y?) where x == y: return nil
        default: return "'\(a?.description ?? "none")' vs '\(b?.description ?? "none")'"
        }
    }
}
