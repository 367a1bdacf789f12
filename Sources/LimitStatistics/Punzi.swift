import RealModule

/// Punzi's sensitivity (G. Punzi, physics/0308063) as the Belle II Punzi-net uses it
/// (EPJC 82 (2022) 121; docs/physics.md section 7).
public enum Punzi {
    /// Which numerator of the minimum detectable cross section.
    public enum Form: String, Sendable, CaseIterable {
        /// a^2/8 + 9 b^2/13 + a sqrt(B) + (b/2) sqrt(b^2 + 4 a sqrt(B) + 4 B): Punzi's formula as
        /// implemented in the Punzi-net code (feichtip/punzinet, fom.py).
        case full
        /// b^2/2 + a sqrt(B) + (b/2) sqrt(b^2 + 4 a sqrt(B) + 4 B): the form printed on the
        /// backup slide of the PASCOS 2022 talk.
        case talkSlide = "talk-slide"
    }

    /// Minimum detectable cross section sigma_min = numerator / (eps L).
    ///
    /// - Parameters:
    ///   - efficiency: signal efficiency eps (0 < eps <= 1).
    ///   - background: expected background count B after the selection.
    ///   - luminosity: integrated luminosity L; with L in fb^-1 the result is in fb.
    ///   - a: sigmas of the discovery test (default 3).
    ///   - b: sigmas of the exclusion test (default Phi^-1(0.9) = 1.28155).
    public static func minimumCrossSection(efficiency: Double, background: Double, luminosity: Double,
                                           a: Double = 3, b: Double = 1.28155, form: Form = .full) -> Double {
        guard efficiency > 0, luminosity > 0 else { return .infinity }
        let rootB = Double.sqrt(Swift.max(0, background))
        let tail = b / 2 * Double.sqrt(b * b + 4 * a * rootB + 4 * background)
        let numerator: Double
        switch form {
        case .full: numerator = a * a / 8 + 9 * b * b / 13 + a * rootB + tail
        case .talkSlide: numerator = b * b / 2 + a * rootB + tail
        }
        return numerator / (efficiency * luminosity)
    }

    /// Punzi figure of merit eps / (a/2 + sqrt(B)), to be maximised over a selection.
    public static func figureOfMerit(efficiency: Double, background: Double, a: Double = 3) -> Double {
        efficiency / (a / 2 + Double.sqrt(Swift.max(0, background)))
    }
}
