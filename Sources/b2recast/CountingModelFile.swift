import Foundation
import LimitStatistics
import HEPDataTables

/// A multi-bin counting model read from YAML or JSON (JSON is read as YAML):
///
///     format: b2recast-counting-model/1
///     bins:                       # one entry per bin (mass window, template bin)
///       - {observed: 2, signal: 1.0, background: 0.5}
///     systematics:                # optional
///       - {name: efficiency, target: signal, relative: 0.05}
///       - {name: bkg, target: background, relative: [0.1, 0.2], constraint: lognormal, correlated: false}
///
/// `observed` is a whole number of events (0 to 1e6). `signal` is the expected signal at mu = 1,
/// so the limit is on mu in units of it. `target` is signal, background or all; `relative` one
/// value or one per bin; `constraint` gaussian (truncated, default), lognormal or normsys (pyhf's
/// default normsys, as the search likelihood, docs/statistics.md 6.7); `correlated` (default
/// true) one parameter for all bins.
enum CountingModelFile {
    static let format = "b2recast-counting-model/1"

    static func load(path: String) throws -> CountingModel {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputFileError(file: path, field: "(file)", expected: "a readable UTF-8 file (\(error.localizedDescription))")
        }
        return try parse(text, file: path)
    }

    static func parse(_ text: String, file: String) throws -> CountingModel {
        let document = try YAMLInput.decode(text, file: file)
        let reader = FieldReader(file: file)
        let root = try reader.mapping(document, field: "(document)", allowed: ["format", "bins", "systematics"])
        let format = try reader.string(root["format"], field: "format")
        guard format == Self.format else {
            throw InputFileError(file: file, field: "format", expected: "\"\(Self.format)\", got \"\(format)\"")
        }
        let binEntries = try reader.list(root["bins"], field: "bins")
        guard !binEntries.isEmpty else { throw InputFileError(file: file, field: "bins", expected: "at least one bin") }
        var bins: [CountingBin] = []
        for (index, entry) in binEntries.enumerated() {
            let field = "bins[\(index)]"
            let bin = try reader.mapping(entry, field: field, allowed: ["observed", "signal", "background"])
            // A count: the Poisson terms of every method need whole numbers of events.
            let observed = try InputRange.observedCount.check(try reader.number(bin["observed"], field: field + ".observed"),
                                                              file: file, field: field + ".observed")
            let signal = try InputRange.signalYield.check(try reader.number(bin["signal"], field: field + ".signal"),
                                                          file: file, field: field + ".signal")
            let background = try InputRange.yield.check(try reader.number(bin["background"], field: field + ".background"),
                                                        file: file, field: field + ".background")
            bins.append(CountingBin(observed: observed, signal: signal, background: background))
        }
        var systematics: [Systematic] = []
        if let entries = root["systematics"] {
            for (index, entry) in try reader.list(entries, field: "systematics").enumerated() {
                let field = "systematics[\(index)]"
                let item = try reader.mapping(entry, field: field,
                                              allowed: ["name", "target", "relative", "constraint", "correlated"])
                let name = try reader.string(item["name"], field: field + ".name")
                let targetText = try reader.string(item["target"], field: field + ".target")
                guard let target = SystematicTarget(rawValue: targetText) else {
                    throw InputFileError(file: file, field: field + ".target",
                                         expected: "one of \(SystematicTarget.allCases.map(\.rawValue)), got \"\(targetText)\"")
                }
                let relative: [Double]
                if let values = item["relative"] as? [Any] {
                    relative = try values.enumerated().map {
                        try InputRange.relativeUncertainty.check(try reader.number($1, field: field + ".relative[\($0)]"),
                                                                 file: file, field: field + ".relative[\($0)]")
                    }
                    guard relative.count == 1 || relative.count == bins.count else {
                        throw InputFileError(file: file, field: field + ".relative",
                                             expected: "one value or \(bins.count) (one per bin), got \(relative.count)")
                    }
                } else {
                    relative = [try InputRange.relativeUncertainty.check(try reader.number(item["relative"], field: field + ".relative"),
                                                                         file: file, field: field + ".relative")]
                }
                var shape = ConstraintShape.gaussian
                if let value = item["constraint"] {
                    let text = try reader.string(value, field: field + ".constraint")
                    guard let parsed = ConstraintShape(rawValue: text) else {
                        throw InputFileError(file: file, field: field + ".constraint",
                                             expected: "one of \(ConstraintShape.allCases.map(\.rawValue)), got \"\(text)\"")
                    }
                    shape = parsed
                }
                // A truncated Gaussian moves a yield by at most its own size (1 - relative >= 0).
                if shape == .gaussian, let index = relative.firstIndex(where: { $0 > 1 }) {
                    throw InputFileError(file: file, field: field + (item["relative"] is [Any] ? ".relative[\(index)]" : ".relative"),
                                         expected: "at most 1 with the gaussian constraint (lognormal allows up to 10), got \(InputRange.text(relative[index]))")
                }
                var correlated = true
                if let value = item["correlated"] {
                    guard let flag = value as? Bool else {
                        throw InputFileError(file: file, field: field + ".correlated", expected: "true or false")
                    }
                    correlated = flag
                }
                systematics.append(Systematic(name: name, target: target, relative: relative, shape: shape, correlated: correlated))
            }
        }
        do {
            return try CountingModel(bins: bins, systematics: systematics)
        } catch let error as ModelError {
            throw InputFileError(file: file, field: "(model)", expected: error.description)
        }
    }
}
