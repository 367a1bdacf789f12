import NumericalMethods

/// Writes a `CountingModel` as a pyhf JSON workspace (schema 1.0.0), one channel "counting":
/// exponential responses become `normsys` (hi/lo factors), linear ones `histosys` (hi/lo data),
/// a scale parameter with a normal constraint `lumi`, one with a Poisson constraint `shapesys`,
/// a free one `normfactor`. Keys are written in a fixed order, so the output is deterministic.
///
/// The workspace format does not carry the interpolation scheme: pyhf chooses it when it builds
/// the model (`modifier_settings`), code4 for normsys and code4p for histosys by default. The
/// kit's `polynomialExponential` / `polynomialLinear` responses are those defaults; its plain
/// `exponential` / `linear` responses are pyhf's code1 / code0. `interpolationCodes(_:)` says
/// which settings reproduce the kit's likelihood.
public enum PyhfWorkspace {
    /// The pyhf interpolation codes under which the exported workspace is the kit's likelihood.
    public struct InterpolationCodes: Sendable, Hashable {
        public var normsys: String
        public var histosys: String
        /// pyhf's defaults.
        public var isPyhfDefault: Bool { normsys == "code4" && histosys == "code4p" }
    }

    /// The interpolation codes the model needs in pyhf; an error when the model mixes schemes
    /// for one modifier type (pyhf sets one scheme per type).
    public static func interpolationCodes(_ model: CountingModel) throws -> InterpolationCodes {
        var normsys: Set<String> = [], histosys: Set<String> = []
        for sample in model.samples {
            for modifier in sample.modifiers {
                switch modifier.response {
                case .exponential: normsys.insert("code1")
                case .polynomialExponential: normsys.insert("code4")
                case .linear: histosys.insert("code0")
                case .polynomialLinear: histosys.insert("code4p")
                case .scale: break
                }
            }
        }
        guard normsys.count <= 1, histosys.count <= 1 else {
            throw ModelError.unsupported(method: "pyhf export",
                                         reason: "pyhf uses one interpolation code per modifier type; the model mixes \((normsys.union(histosys)).sorted())")
        }
        return InterpolationCodes(normsys: normsys.first ?? "code4", histosys: histosys.first ?? "code4p")
    }

    public static func json(_ model: CountingModel, signalStrengthUpperBound: Double) throws -> String {
        _ = try interpolationCodes(model)
        func number(_ x: Double) -> String { "\(x)" }
        func array(_ xs: [Double]) -> String { "[" + xs.map(number).joined(separator: ", ") + "]" }
        var lumiParameter: Int?
        var samples: [String] = []
        for sample in model.samples {
            var modifiers: [String] = []
            // pyhf adds histosys deltas while the kit multiplies factors: refuse two on one bin.
            var histosysBins = [Int](repeating: 0, count: model.binCount)
            if sample.isSignal { modifiers.append(#"{"name": "mu", "type": "normfactor", "data": null}"#) }
            for modifier in sample.modifiers {
                let parameter = model.parameters[modifier.parameter]
                let name = parameter.name
                switch (modifier.response, parameter.constraint) {
                case let (.exponential(up, down), .normal(0, 1)), let (.polynomialExponential(up, down), .normal(0, 1)):
                    guard modifier.bin == nil || model.binCount == 1 else {
                        throw ModelError.unsupported(method: "pyhf export", reason: "normsys '\(name)' acts on one bin of several; pyhf's normsys acts on a whole sample")
                    }
                    modifiers.append(#"{"name": "\#(name)", "type": "normsys", "data": {"hi": \#(up), "lo": \#(down)}}"#)
                case let (.linear(up, down), .normal(0, 1)), let (.polynomialLinear(up, down), .normal(0, 1)):
                    for bin in 0..<model.binCount where modifier.bin == nil || modifier.bin == bin {
                        histosysBins[bin] += 1
                        guard histosysBins[bin] == 1 else {
                            throw ModelError.unsupported(method: "pyhf export", reason: "sample '\(sample.name)' has two linear modifiers in bin \(bin); pyhf would add them where the kit multiplies")
                        }
                    }
                    let high = sample.yields.enumerated().map { i, y in modifier.bin == nil || modifier.bin == i ? y * up : y }
                    let low = sample.yields.enumerated().map { i, y in modifier.bin == nil || modifier.bin == i ? y * down : y }
                    modifiers.append(#"{"name": "\#(name)", "type": "histosys", "data": {"hi_data": \#(array(high)), "lo_data": \#(array(low))}}"#)
                case (.scale, .normal):
                    guard lumiParameter == nil || lumiParameter == modifier.parameter, modifier.bin == nil else {
                        throw ModelError.unsupported(method: "pyhf export", reason: "pyhf has one lumi parameter acting on whole samples")
                    }
                    lumiParameter = modifier.parameter
                    modifiers.append(#"{"name": "lumi", "type": "lumi", "data": null}"#)
                case let (.scale, .poisson(tau)):
                    let sigmas = sample.yields.enumerated().map { i, y in modifier.bin == i ? y / tau.squareRoot() : 0 }
                    modifiers.append(#"{"name": "\#(name)", "type": "shapesys", "data": \#(array(sigmas))}"#)
                case (.scale, .free):
                    modifiers.append(#"{"name": "\#(name)", "type": "normfactor", "data": null}"#)
                default:
                    throw ModelError.unsupported(method: "pyhf export", reason: "modifier on '\(name)' has no pyhf equivalent")
                }
            }
            samples.append(#"{"name": "\#(sample.name)", "data": \#(array(sample.yields)), "modifiers": [\#(modifiers.joined(separator: ", "))]}"#)
        }
        var parameterConfigs = [#"{"name": "mu", "bounds": [[0.0, \#(signalStrengthUpperBound)]], "inits": [1.0]}"#]
        if let p = lumiParameter, case let .normal(auxiliary, width) = model.parameters[p].constraint {
            let parameter = model.parameters[p]
            parameterConfigs.append(#"{"name": "lumi", "auxdata": [\#(auxiliary)], "sigmas": [\#(width)], "bounds": [[\#(parameter.lowerBound), \#(parameter.upperBound)]], "inits": [\#(parameter.initial)]}"#)
        }
        return """
        {
          "channels": [{"name": "counting", "samples": [\(samples.joined(separator: ", "))]}],
          "observations": [{"name": "counting", "data": \(array(model.observed))}],
          "measurements": [{"name": "measurement", "config": {"poi": "mu", "parameters": [\(parameterConfigs.joined(separator: ", "))]}}],
          "version": "1.0.0"
        }

        """
    }
}
