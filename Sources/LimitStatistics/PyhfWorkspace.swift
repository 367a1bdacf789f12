import HEPDataTables
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

    /// The workspace as JSON text, written by `JSONText` (escaped names; a non-finite yield,
    /// factor or bound is an error, since JSON cannot hold it and pyhf would not read it).
    public static func json(_ model: CountingModel, signalStrengthUpperBound: Double) throws -> String {
        try workspace(model, signalStrengthUpperBound: signalStrengthUpperBound).renderedFinite() + "\n"
    }

    /// The workspace as a JSON value, keys in the order pyhf's documentation writes them.
    public static func workspace(_ model: CountingModel, signalStrengthUpperBound: Double) throws -> JSONText {
        _ = try interpolationCodes(model)
        func array(_ xs: [Double]) -> JSONText { .array(xs.map { .exact($0) }) }
        func modifier(_ name: String, _ type: String, _ data: JSONText) -> JSONText {
            .object([("name", .string(name)), ("type", .string(type)), ("data", data)])
        }
        var lumiParameter: Int?
        var samples: [JSONText] = []
        for sample in model.samples {
            var modifiers: [JSONText] = []
            // pyhf adds histosys deltas while the kit multiplies factors: refuse two on one bin.
            var histosysBins = [Int](repeating: 0, count: model.binCount)
            if sample.isSignal { modifiers.append(modifier("mu", "normfactor", .null)) }
            for item in sample.modifiers {
                let parameter = model.parameters[item.parameter]
                let name = parameter.name
                switch (item.response, parameter.constraint) {
                case let (.exponential(up, down), .normal(0, 1)), let (.polynomialExponential(up, down), .normal(0, 1)):
                    guard item.bin == nil || model.binCount == 1 else {
                        throw ModelError.unsupported(method: "pyhf export", reason: "normsys '\(name)' acts on one bin of several; pyhf's normsys acts on a whole sample")
                    }
                    modifiers.append(modifier(name, "normsys", .object([("hi", .exact(up)), ("lo", .exact(down))])))
                case let (.linear(up, down), .normal(0, 1)), let (.polynomialLinear(up, down), .normal(0, 1)):
                    for bin in 0..<model.binCount where item.bin == nil || item.bin == bin {
                        histosysBins[bin] += 1
                        guard histosysBins[bin] == 1 else {
                            throw ModelError.unsupported(method: "pyhf export", reason: "sample '\(sample.name)' has two linear modifiers in bin \(bin); pyhf would add them where the kit multiplies")
                        }
                    }
                    let high = sample.yields.enumerated().map { i, y in item.bin == nil || item.bin == i ? y * up : y }
                    let low = sample.yields.enumerated().map { i, y in item.bin == nil || item.bin == i ? y * down : y }
                    modifiers.append(modifier(name, "histosys", .object([("hi_data", array(high)), ("lo_data", array(low))])))
                case (.scale, .normal):
                    guard lumiParameter == nil || lumiParameter == item.parameter, item.bin == nil else {
                        throw ModelError.unsupported(method: "pyhf export", reason: "pyhf has one lumi parameter acting on whole samples")
                    }
                    lumiParameter = item.parameter
                    modifiers.append(modifier("lumi", "lumi", .null))
                case let (.scale, .poisson(tau)):
                    let sigmas = sample.yields.enumerated().map { i, y in item.bin == i ? y / tau.squareRoot() : 0 }
                    modifiers.append(modifier(name, "shapesys", array(sigmas)))
                case (.scale, .free):
                    modifiers.append(modifier(name, "normfactor", .null))
                default:
                    throw ModelError.unsupported(method: "pyhf export", reason: "modifier on '\(name)' has no pyhf equivalent")
                }
            }
            samples.append(.object([("name", .string(sample.name)), ("data", array(sample.yields)), ("modifiers", .array(modifiers))]))
        }
        var parameterConfigs: [JSONText] = [.object([("name", .string("mu")), ("bounds", .array([array([0, signalStrengthUpperBound])])),
                                                     ("inits", array([1]))])]
        if let p = lumiParameter, case let .normal(auxiliary, width) = model.parameters[p].constraint {
            let parameter = model.parameters[p]
            parameterConfigs.append(.object([("name", .string("lumi")), ("auxdata", array([auxiliary])), ("sigmas", array([width])),
                                             ("bounds", .array([array([parameter.lowerBound, parameter.upperBound])])),
                                             ("inits", array([parameter.initial]))]))
        }
        return .object([
            ("channels", .array([.object([("name", .string("counting")), ("samples", .array(samples))])])),
            ("observations", .array([.object([("name", .string("counting")), ("data", array(model.observed))])])),
            ("measurements", .array([.object([("name", .string("measurement")),
                                              ("config", .object([("poi", .string("mu")), ("parameters", .array(parameterConfigs))]))])])),
            ("version", .string("1.0.0")),
        ])
    }
}
