import RealModule

/// An axis: its scale and limits.
public enum AxisScale: Sendable, Hashable {
    case linear(lower: Double, upper: Double)
    case log(lower: Double, upper: Double)

    public var lower: Double {
        switch self { case .linear(let lower, _), .log(let lower, _): return lower }
    }
    public var upper: Double {
        switch self { case .linear(_, let upper), .log(_, let upper): return upper }
    }

    /// Position in [0, 1] of `value` between the limits (outside for values beyond them; -inf
    /// for non-positive values on a log axis).
    public func normalized(_ value: Double) -> Double {
        switch self {
        case .linear(let lower, let upper): return LinearScale(lower: lower, upper: upper).normalized(value)
        case .log(let lower, let upper): return LogScale(lower: lower, upper: upper).normalized(value)
        }
    }

    /// Checks the limits; `name` says which axis in the message.
    func validate(_ name: String) throws {
        switch self {
        case .linear(let lower, let upper):
            guard lower.isFinite, upper.isFinite, lower < upper else {
                throw PlotError("\(name) axis: expected finite limits with lower < upper, got \(lower) and \(upper)")
            }
        case .log(let lower, let upper):
            guard lower > 0, upper.isFinite, lower < upper else {
                throw PlotError("\(name) axis: expected positive limits with lower < upper on a log scale, got \(lower) and \(upper)")
            }
        }
    }

    /// The major and minor ticks between the limits, majors labelled.
    public var ticks: [Tick] {
        switch self {
        case .linear(let lower, let upper): return Tick.linear(lower: lower, upper: upper)
        case .log(let lower, let upper): return Tick.logarithmic(lower: lower, upper: upper)
        }
    }
}

/// A tick mark on an axis.
public struct Tick: Sendable, Hashable {
    public var value: Double
    public var major: Bool
    /// The label of a major tick (nil: unlabelled).
    public var label: MathText?

    /// Ticks of a linear axis: majors at 1, 2, 2.5 or 5 times a power of ten, chosen so that
    /// there are 4 to 8 of them, minors at a fifth (a quarter for 2) of the major step.
    static func linear(lower: Double, upper: Double) -> [Tick] {
        let rough = (upper - lower) / 5
        let magnitude = Double.exp10(Double.log10(rough).rounded(.down))
        let mantissa = [1.0, 2, 2.5, 5, 10].first { $0 * magnitude >= rough * 0.999 } ?? 10
        let step = mantissa * magnitude
        let minorStep = step / (mantissa == 2 ? 4 : 5)
        // Decimals shown: enough for the step (2.5 x 10^k needs one more).
        let decimals = max(0, -Int(Double.log10(step).rounded(.down)) + (mantissa == 2.5 ? 1 : 0))
        var ticks: [Tick] = []
        let first = (lower / minorStep - 1e-9).rounded(.up)
        let last = (upper / minorStep + 1e-9).rounded(.down)
        guard last - first < 1000 else { return [] }
        var index = first
        while index <= last {
            let value = index * minorStep
            let ratio = value / step
            let major = abs(ratio - ratio.rounded()) < 1e-6
            let clean = major ? ratio.rounded() * step : value
            ticks.append(Tick(value: clean, major: major,
                              label: major ? MathText(fixed(clean, decimals: decimals)) : nil))
            index += 1
        }
        return ticks
    }

    /// Ticks of a log axis: majors at powers of ten labelled 10^k (1 and 10 written out), every
    /// n-th labelled when the axis spans more than 7 decades, minors at 2-9 x 10^k. An axis shorter
    /// than a decade and a half gets linear-style labels at 1, 2 and 5 x 10^k instead.
    static func logarithmic(lower: Double, upper: Double) -> [Tick] {
        let firstDecade = Int(Double.log10(lower).rounded(.down))
        let lastDecade = Int(Double.log10(upper).rounded(.up))
        // A difference of logarithms: upper / lower overflows for a lower bound near 1e-308.
        let span = Double.log10(upper) - Double.log10(lower)
        let labelEvery = max(1, Int((span / 7).rounded(.up)))
        var ticks: [Tick] = []
        for decade in firstDecade...lastDecade {
            let base = Double.exp10(Double(decade))
            for multiple in 1...9 {
                let value = Double(multiple) * base
                guard value >= lower * (1 - 1e-9), value <= upper * (1 + 1e-9) else { continue }
                if span < 1.5 {
                    let labelled = multiple == 1 || multiple == 2 || multiple == 5
                    ticks.append(Tick(value: value, major: multiple == 1,
                                      label: labelled ? MathText(plainNumber(value, decade: decade)) : nil))
                } else if multiple == 1 {
                    let labelled = (decade - firstDecade) % labelEvery == 0 || labelEvery == 1
                    ticks.append(Tick(value: value, major: true, label: labelled ? powerOfTen(decade) : nil))
                } else if span <= 9 {
                    ticks.append(Tick(value: value, major: false, label: nil))
                }
            }
        }
        return ticks
    }

    static func powerOfTen(_ decade: Int) -> MathText {
        switch decade {
        case 0: return "1"
        case 1: return "10"
        default: return MathText("$10^{\(decade)}$")
        }
    }

    static func plainNumber(_ value: Double, decade: Int) -> String {
        fixed(value, decimals: max(0, -decade))
    }

    /// `value` with a fixed number of decimals, "-" written as a minus sign, no "-0".
    public static func fixed(_ value: Double, decimals: Int) -> String {
        var scaled = (abs(value) * Double.exp10(Double(decimals))).rounded()
        if scaled == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
        var digits = ""
        while scaled >= 1 {
            let digit = Int(scaled.truncatingRemainder(dividingBy: 10))
            digits = String(digit) + digits
            scaled = (scaled / 10).rounded(.down)
        }
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        var text = digits
        if decimals > 0 { text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals)) }
        return (value < 0 ? "−" : "") + text
    }
}

/// A figure that cannot be drawn as specified.
public struct PlotError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
