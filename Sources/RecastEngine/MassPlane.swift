import Foundation
import HEPDataTables
import RealModule

/// A positive quantity (a limit) published at points of a plane of two masses, e.g. the dark
/// Higgsstrahlung limit over (M_A', M_h'), read between the points without ever extrapolating
/// (docs/two-mass-tables.md).
///
/// The points must lie on the lattice spanned by their distinct first and distinct second masses
/// (a rectangular grid, possibly with nodes left out, as a triangle M_h' < M_A' leaves them out).
/// At (x, y) the kit finds the lattice cell around it: with all four corners published, ln(value)
/// is bilinear in the two masses; with three, ln(value) is linear on the triangle of those three
/// corners (and the point must lie in it); on a lattice line, ln(value) is linear between the
/// line's two published ends. Anywhere else there is no value, and the refusal says why. The
/// result always lies between the smallest and the largest of the corners it is taken from.
public struct MassPlane: Sendable, Hashable {
    /// Why there is no plane, or no value at a point.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    /// The distinct first and second masses, increasing (GeV).
    public let xNodes, yNodes: [Double]
    /// ln(value) at each published lattice node, keyed by `key(i, j)`.
    let logValues: [Int: Double]

    /// The plane through the points (x[k], y[k]) with values[k]. A value that is not finite and
    /// positive (a '-' of HEPData, or 0) is no point of the plane. Refused: lists of unequal
    /// length, a repeated (x, y), a non-finite mass, fewer than two distinct masses on either
    /// axis, or points that do not lie on a grid (no lattice cell with three published corners).
    public init(x: [Double], y: [Double], values: [Double]) throws(Refusal) {
        guard x.count == y.count, y.count == values.count else {
            throw Refusal("the two masses and the values have different lengths (\(x.count), \(y.count), \(values.count))")
        }
        if let row = x.indices.first(where: { !x[$0].isFinite || !y[$0].isFinite }) {
            throw Refusal("the masses of row \(row) are not finite numbers")
        }
        let xNodes = Array(Set(x)).sorted(), yNodes = Array(Set(y)).sorted()
        guard xNodes.count >= 2, yNodes.count >= 2 else {
            throw Refusal("a plane needs at least two distinct values of each mass, got \(xNodes.count) and \(yNodes.count)")
        }
        var xIndex: [Double: Int] = [:], yIndex: [Double: Int] = [:]
        for (i, value) in xNodes.enumerated() { xIndex[value] = i }
        for (j, value) in yNodes.enumerated() { yIndex[value] = j }
        var logValues: [Int: Double] = [:], seen: Set<Int> = []
        for k in x.indices {
            guard let i = xIndex[x[k]], let j = yIndex[y[k]] else { continue }
            let key = j * xNodes.count + i
            guard seen.insert(key).inserted else { throw Refusal("the point (\(x[k]), \(y[k])) is given twice (row \(k))") }
            if values[k].isFinite, values[k] > 0 { logValues[key] = Double.log(values[k]) }
        }
        self.xNodes = xNodes
        self.yNodes = yNodes
        self.logValues = logValues
        let gridded = logValues.keys.contains { key in
            let i = key % xNodes.count, j = key / xNodes.count
            return [(i - 1, j - 1), (i - 1, j), (i, j - 1), (i, j)].contains { corners($0.0, $0.1).count >= 3 }
        }
        guard gridded else {
            throw Refusal("the \(logValues.count) points with a positive value do not lie on a grid: no cell of the lattice of their "
                + "\(xNodes.count) x \(yNodes.count) distinct masses has three published corners, so there is nothing to interpolate on")
        }
    }

    /// The plane of one dependent variable of a table with two independent variables.
    public init(_ table: HEPDataTable, column: Int = 0) throws(Refusal) {
        guard table.independent.count == 2 else {
            throw Refusal("a plane needs a table with two independent variables (two masses), got \(table.independent.count)")
        }
        guard table.dependent.indices.contains(column) else {
            throw Refusal("the table has no dependent variable \(column) (it has \(table.dependent.count))")
        }
        try self.init(x: table.independent[0].values, y: table.independent[1].values, values: table.dependent[column].values)
    }

    func key(_ i: Int, _ j: Int) -> Int { j * xNodes.count + i }

    /// The published corners of the lattice cell [x_i, x_i+1] x [y_j, y_j+1], as (u, v, ln value)
    /// with u, v in {0, 1}; empty for a cell outside the lattice.
    func corners(_ i: Int, _ j: Int) -> [(u: Double, v: Double, log: Double)] {
        guard i >= 0, j >= 0, i + 1 < xNodes.count, j + 1 < yNodes.count else { return [] }
        return [(0, 0), (1, 0), (0, 1), (1, 1)].compactMap { corner in
            logValues[key(i + corner.0, j + corner.1)].map { (Double(corner.0), Double(corner.1), $0) }
        }
    }

    /// The published value at a node of the lattice, if there is one.
    public func published(x: Double, y: Double) -> Double? {
        guard let i = xNodes.firstIndex(of: x), let j = yNodes.firstIndex(of: y) else { return nil }
        return logValues[key(i, j)].map { Double.exp($0) }
    }

    /// The number of published points.
    public var count: Int { logValues.count }

    /// The indices c of the lattice intervals [nodes[c], nodes[c+1]] that hold `value`: one inside
    /// an interval, two on an inner node.
    static func intervals(_ nodes: [Double], _ value: Double) -> [Int] {
        var low = 0, high = nodes.count - 1
        while low < high {
            let middle = (low + high) / 2
            if nodes[middle] < value { low = middle + 1 } else { high = middle }
        }
        // nodes[low] is the first node >= value.
        if nodes[low] == value { return [low - 1, low].filter { $0 >= 0 && $0 + 1 < nodes.count } }
        return [low - 1]
    }

    /// The value at (x, y), or why there is none (outside the lattice, or in a cell without
    /// enough published corners).
    public func value(x: Double, y: Double) -> Result<Double, Refusal> {
        guard x.isFinite, y.isFinite else { return .failure(Refusal("(\(x), \(y)) is not a point of the plane")) }
        guard let x0 = xNodes.first, let x1 = xNodes.last, let y0 = yNodes.first, let y1 = yNodes.last,
              x >= x0, x <= x1, y >= y0, y <= y1 else {
            return .failure(Refusal("(\(format(x)), \(format(y))) GeV is outside the table: the first mass spans \(format(xNodes[0]))"
                + "-\(format(xNodes[xNodes.count - 1])) GeV and the second \(format(yNodes[0]))-\(format(yNodes[yNodes.count - 1])) GeV"))
        }
        if let node = published(x: x, y: y) { return .success(node) }
        let columns = Self.intervals(xNodes, x), rows = Self.intervals(yNodes, y)
        var most = 0
        for j in rows {
            for i in columns {
                let corners = self.corners(i, j)
                most = max(most, corners.count)
                let u = (x - xNodes[i]) / (xNodes[i + 1] - xNodes[i]), v = (y - yNodes[j]) / (yNodes[j + 1] - yNodes[j])
                if let log = Self.interpolate(corners, u: u, v: v) { return .success(Double.exp(log)) }
            }
        }
        let cell = "[\(format(xNodes[columns[0]]))-\(format(xNodes[columns[0] + 1]))] x [\(format(yNodes[rows[0]]))-\(format(yNodes[rows[0] + 1]))] GeV"
        return .failure(Refusal("(\(format(x)), \(format(y))) GeV is outside the published points: the grid cell \(cell) around it has "
            + "published values at \(most) of its 4 corners\(most == 3 ? " and the point is not in their triangle" : "")"))
    }

    /// ln(value) at (u, v) of a unit cell from its published corners: bilinear with four; linear
    /// on the triangle of three when (u, v) lies in it; linear along an edge whose two ends are
    /// published when (u, v) lies on it. Nil otherwise.
    static func interpolate(_ corners: [(u: Double, v: Double, log: Double)], u: Double, v: Double) -> Double? {
        switch corners.count {
        case 4:
            let l = corners.map(\.log)
            return (1 - u) * (1 - v) * l[0] + u * (1 - v) * l[1] + (1 - u) * v * l[2] + u * v * l[3]
        case 3:
            // Barycentric weights of (u, v) in the triangle; all >= 0 inside (a rounding margin kept).
            let a = corners[0], b = corners[1], c = corners[2]
            let area = (b.u - a.u) * (c.v - a.v) - (c.u - a.u) * (b.v - a.v)
            let wb = ((u - a.u) * (c.v - a.v) - (c.u - a.u) * (v - a.v)) / area
            let wc = ((b.u - a.u) * (v - a.v) - (u - a.u) * (b.v - a.v)) / area
            let wa = 1 - wb - wc
            let margin = -1e-12
            if wa >= margin, wb >= margin, wc >= margin {
                return max(wa, 0) * a.log + max(wb, 0) * b.log + max(wc, 0) * c.log
            }
        default:
            break
        }
        // On an edge of the cell whose two ends are published.
        for first in corners.indices {
            for second in corners.indices where second > first {
                let a = corners[first], b = corners[second]
                if a.u == b.u, u == a.u { return a.log + (v - a.v) / (b.v - a.v) * (b.log - a.log) }
                if a.v == b.v, v == a.v { return a.log + (u - a.u) / (b.u - a.u) * (b.log - a.log) }
            }
        }
        return nil
    }

    /// A mass for a message: 6 significant digits, trailing zeros dropped.
    func format(_ value: Double) -> String {
        var text = SignificantDigits.format(value, digits: 6)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}

extension TableQuantity {
    /// The quantities a card table may give over two masses instead of one (docs/two-mass-tables.md
    /// 1): the limits. The window tables and resolutions stay over one mass, as the likelihood and
    /// the simulation read them mass by mass.
    public static let twoMassQuantities: [TableQuantity] = [.crossSectionLimit, .couplingLimit]
}

extension SearchCard {
    /// The checks of a table over two masses: both in GeV, at least one point, each pair in
    /// [0, sqrt(s)] with no pair twice, values in the quantity's range (docs/two-mass-tables.md 1).
    static func validateTwoMasses(_ table: HEPDataTable, file path: String, quantity: TableQuantity, sqrtS: Double) throws {
        for (v, mass) in table.independent.enumerated() {
            guard mass.units == "GeV" else {
                throw InputFileError(file: path, field: "independent_variables[\(v)].header.units", expected: "GeV, got \"\(mass.units ?? "no units")\"")
            }
        }
        let first = table.independent[0].values, second = table.independent[1].values
        guard !first.isEmpty else { throw InputFileError(file: path, field: "independent_variables[0].values", expected: "at least one value") }
        guard first.count == second.count else {
            throw InputFileError(file: path, field: "independent_variables[1].values", expected: "\(first.count) values, as many as independent_variables[0], got \(second.count)")
        }
        var seen: [TwoMassKey: Int] = [:]
        for index in first.indices {
            for (v, value) in [first[index], second[index]].enumerated() where !(value >= 0 && value <= sqrtS) {
                throw InputFileError(file: path, field: "independent_variables[\(v)].values[\(index)].value",
                                     expected: "a mass between 0 and sqrt(s) = \(sqrtS) GeV, got \(value)")
            }
            if let earlier = seen.updateValue(index, forKey: TwoMassKey(first[index], second[index])) {
                throw InputFileError(file: path, field: "independent_variables[0,1].values[\(index)]",
                                     expected: "each (mass, mass) pair once, got (\(first[index]), \(second[index])) again (first at index \(earlier))")
            }
        }
        try validateDependent(table, file: path, quantity: quantity)
    }

    /// A (first, second) mass pair as a dictionary key (the exact doubles; -0 is 0).
    struct TwoMassKey: Hashable {
        let first, second: UInt64
        init(_ first: Double, _ second: Double) {
            self.first = (first + 0).bitPattern
            self.second = (second + 0).bitPattern
        }
    }
}
