import Foundation
import Testing
import HEPDataTables
@testable import LimitStatistics

/// Issue 17: the pyhf workspace is written by JSONText, the kit's one JSON writer: names are
/// escaped, and a number JSON cannot hold is an error instead of invalid JSON.
@Suite struct PyhfWorkspaceJSONTests {
    static func model(signalYield: Double, up: Double, name: String) throws -> CountingModel {
        try CountingModel(observed: [3], samples: [
            Sample(name: name, yields: [signalYield], isSignal: true),
            Sample(name: "background", yields: [1], isSignal: false,
                   modifiers: [Modifier(parameter: 0, response: .polynomialLinear(up: up, down: 0.9))]),
        ], parameters: [NuisanceParameter(name: "bkg", initial: 0, lowerBound: -5, upperBound: 5, constraint: .normal(auxiliary: 0, width: 1))])
    }

    @Test func namesAreEscapedAndTheResultParses() throws {
        let text = try PyhfWorkspace.json(try Self.model(signalYield: 1, up: 1.1, name: "sig \"A\"\nnew line"), signalStrengthUpperBound: 10)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let channel = try #require((object["channels"] as? [[String: Any]])?.first)
        let sample = try #require((channel["samples"] as? [[String: Any]])?.first)
        #expect(sample["name"] as? String == "sig \"A\"\nnew line")
    }

    /// A finite yield times a finite factor can overflow: 1e300 x 1e10 (histosys hi_data).
    @Test func overflowingNumbersAreRefused() throws {
        let model = try CountingModel(observed: [3], samples: [
            Sample(name: "signal", yields: [1], isSignal: true),
            Sample(name: "background", yields: [1e300], isSignal: false,
                   modifiers: [Modifier(parameter: 0, response: .polynomialLinear(up: 1e10, down: 0.9))]),
        ], parameters: [NuisanceParameter(name: "bkg", initial: 0, lowerBound: -5, upperBound: 5, constraint: .normal(auxiliary: 0, width: 1))])
        do {
            _ = try PyhfWorkspace.json(model, signalStrengthUpperBound: 10)
            Issue.record("an infinite hi_data must not be written")
        } catch let error as JSONText.NonFiniteNumber {
            #expect(error.path == "channels[0].samples[1].modifiers[0].data.hi_data[0]" && error.value == .infinity)
        }
        #expect(throws: JSONText.NonFiniteNumber.self) { try PyhfWorkspace.json(try Self.model(signalYield: 1, up: 1.1, name: "s"), signalStrengthUpperBound: .infinity) }
    }
}
