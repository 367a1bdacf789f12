/// Deterministic decimal formatting with a fixed number of significant digits, for the
/// HEPData YAML, CSV and JSON the kit writes (no locale, no platform-dependent printf).
public enum SignificantDigits {
    /// Formats `value` with `digits` significant digits: plain notation for 1e-4 <= |x| < 1e6,
    /// otherwise scientific with a signed two-digit exponent ("1.2346e-05"). Trailing zeros are
    /// kept, so the precision is visible. Infinity is "inf" / "-inf" and NaN is "nan".
    public static func format(_ value: Double, digits: Int = 5) -> String {
        precondition(digits >= 1 && digits <= 17, "digits must be between 1 and 17")
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return digits == 1 ? "0" : "0." + String(repeating: "0", count: digits - 1) }
        let negative = value < 0
        let (mantissaDigits, exponent) = roundedDigits(Swift.abs(value), digits: digits)
        var body: String
        if exponent >= -4 && exponent < 6 {
            body = plain(mantissaDigits, exponent: exponent)
        } else {
            var mantissa = String(mantissaDigits.first!)
            if digits > 1 { mantissa += "." + mantissaDigits.dropFirst() }
            let sign = exponent < 0 ? "-" : "+"
            let magnitude = Swift.abs(exponent)
            body = mantissa + "e" + sign + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        return negative ? "-" + body : body
    }

    /// The shortest decimal that reads back as `value` (at least two significant digits, so that
    /// the text always has a decimal point). NaN and infinities as in `format`.
    public static func shortest(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return format(value, digits: 2) }
        return format(value, digits: max(2, decimalExpansion(Swift.abs(value)).0.count))
    }

    /// The decimal digits of |value| rounded to `digits` significant digits, and the decimal
    /// exponent of the first digit. Uses Swift's shortest round-trip representation as the exact
    /// decimal expansion to round from, so the result is platform independent.
    static func roundedDigits(_ value: Double, digits: Int) -> (String, Int) {
        let (allDigits, exponent) = decimalExpansion(value)
        var kept = Array(allDigits.prefix(digits))
        while kept.count < digits { kept.append(0) }
        var outExponent = exponent
        if allDigits.count > digits {
            let next = allDigits[digits]
            let restNonZero = allDigits.dropFirst(digits + 1).contains { $0 != 0 }
            let roundUp = next > 5 || (next == 5 && (restNonZero || kept.last! % 2 == 1))
            if roundUp {
                var i = kept.count - 1
                while i >= 0 {
                    if kept[i] == 9 { kept[i] = 0; i -= 1 } else { kept[i] += 1; break }
                }
                if i < 0 { kept.insert(1, at: 0); kept.removeLast(); outExponent += 1 }
            }
        }
        return (kept.map { String($0) }.joined(), outExponent)
    }

    /// Digits and exponent of the shortest decimal that round-trips to `value` (> 0).
    static func decimalExpansion(_ value: Double) -> ([Int], Int) {
        let text = "\(value)"  // e.g. "0.000123", "1.5e-07", "12345.0"
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<e])
            exponent = Int(text[text.index(after: e)...])!
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = parts[0]
        let fractionPart = parts.count > 1 ? parts[1] : ""
        var digits = (integerPart + fractionPart).compactMap { $0.wholeNumberValue }
        var pointPosition = integerPart.count + exponent  // digits before the decimal point
        while let first = digits.first, first == 0, digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.count > 1, digits.last == 0 { digits.removeLast() }
        return (digits, pointPosition - 1)
    }

    private static func plain(_ digits: String, exponent: Int) -> String {
        if exponent < 0 {
            return "0." + String(repeating: "0", count: -exponent - 1) + digits
        }
        let integerCount = exponent + 1
        if digits.count <= integerCount {
            return digits + String(repeating: "0", count: integerCount - digits.count)
        }
        let split = digits.index(digits.startIndex, offsetBy: integerCount)
        return String(digits[..<split]) + "." + String(digits[split...])
    }
}
