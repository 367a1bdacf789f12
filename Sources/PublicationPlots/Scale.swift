import RealModule

/// A map from data coordinates to the unit interval of an axis.
public protocol Scale: Sendable {
    /// Position in [0, 1] of `value` between the axis limits.
    func normalized(_ value: Double) -> Double
    /// The data value at normalised position `t`.
    func value(atNormalized t: Double) -> Double
}

/// A linear axis between `lower` and `upper`.
public struct LinearScale: Scale, Hashable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        precondition(upper != lower, "a scale needs two different limits")
        self.lower = lower
        self.upper = upper
    }

    public func normalized(_ value: Double) -> Double { (value - lower) / (upper - lower) }
    public func value(atNormalized t: Double) -> Double { lower + t * (upper - lower) }
}

/// A base-10 logarithmic axis between positive limits.
public struct LogScale: Scale, Hashable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        precondition(lower > 0 && upper > 0 && lower != upper, "a log scale needs two different positive limits")
        self.lower = lower
        self.upper = upper
    }

    public func normalized(_ value: Double) -> Double {
        guard value > 0 else { return -.infinity }
        return Double.log10(value / lower) / Double.log10(upper / lower)
    }

    public func value(atNormalized t: Double) -> Double {
        lower * Double.exp10(t * Double.log10(upper / lower))
    }

}
