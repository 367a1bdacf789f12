/// |a - b| / |b|, or |a| when the reference is zero.
func relativeDifference(_ value: Double, _ reference: Double) -> Double {
    reference == 0 ? abs(value) : abs(value - reference) / abs(reference)
}

/// True when `value` matches a reference quoted to a few significant digits: relative difference
/// below `tolerance` (the reference tables of docs/physics.md quote 5 digits, hence 1e-4 by default).
func agrees(_ value: Double, _ reference: Double, within tolerance: Double = 1e-4) -> Bool {
    relativeDifference(value, reference) <= tolerance
}
