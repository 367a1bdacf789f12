import ArgumentParser
import Foundation
import HEPDataTables
import RecastEngine

/// `b2recast project --search ID --luminosity 50ab-1 [--systematics hold|scale]`.
struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project", abstract: "Expected limits of a search at another integrated luminosity.",
        discussion: """
        Where the card has the window tables (efficiency, expected background, observed; import \
        them with `b2recast import hepdata`): per window, the median expected 90% CL_s limit on \
        sigma x BF (asymptotic) at the card's luminosity and at the new one, with the background \
        scaled and the talk's systematics held or scaled by sqrt(L/L'), and Punzi's minimum \
        detectable cross section at the new luminosity. Otherwise: the best published limits of \
        the card scaled between the background-free (L/L') and background-dominated \
        (sqrt(L/L')) regimes; the expected background needed for more is not at hand.
        """)

    @Option(help: "The search id (a folder of --paper-data).") var search: String
    @Option(help: "The new integrated luminosity: 50ab-1, 424fb-1, 276pb-1, or a number of fb^-1.") var luminosity: String
    @Option(help: "hold: systematics keep their relative size; scale: they shrink as sqrt(L/L').")
    var systematics: Projection.Systematics = .hold
    @Option(name: .customLong("paper-data"), help: "The search cards.") var paperData = DataLocation.input("paper-data")

    /// The luminosities projected to, fb^-1.
    static let luminosityRange = 1e-3 ... 1e6

    func run() throws {
        guard let newLuminosity = Projection.parseLuminosity(luminosity) else {
            throw ValidationError("--luminosity: expected a positive number with ab-1, fb-1 or pb-1 (e.g. 50ab-1), got '\(luminosity)'")
        }
        // From 1 pb^-1 to 1000 ab^-1 (twenty times what Belle II plans): outside, the expected
        // counts leave the range the counting statistics and the limit search handle.
        guard Self.luminosityRange.contains(newLuminosity) else {
            throw ValidationError("--luminosity: from 1pb-1 to 1000ab-1 (0.001 to 1000000 fb^-1), got '\(luminosity)'")
        }
        let card: SearchCard
        do {
            card = try SearchCard.load(folder: URL(fileURLWithPath: paperData).appendingPathComponent(search))
        } catch let error as InputFileError {
            throw ValidationError(error.description)
        }
        let f = { (x: Double) in SignificantDigits.format(x, digits: 4) }
        var lines = ["\(card.id): \(f(card.luminosity)) fb^-1 -> \(f(newLuminosity)) fb^-1"]
        if let windows = try Projection.windows(card, luminosity: newLuminosity, systematics: systematics) {
            lines.append("per window (systematics \(systematics.rawValue)); sigma x BF in fb, median expected 90% CL_s (asymptotic):")
            lines.append("Punzi sigma_min (physics/0308063, in the form of the Punzi-net code) with a = 3, b = 1.28155, background scaled")
            lines.append(CSVText.row(["mass [GeV]", "expected at \(f(card.luminosity)) fb^-1", "expected at \(f(newLuminosity)) fb^-1",
                                      "Punzi sigma_min at \(f(newLuminosity)) fb^-1"]))
            for window in windows {
                lines.append(CSVText.row([window.mass, window.expectedAtPublished, window.expectedAtNew, window.punziAtNew].map(f)))
            }
        } else {
            let anchors = Projection.anchors(card)
            guard !anchors.isEmpty else {
                throw ValidationError("\(card.id) has neither window tables nor a published limit to scale")
            }
            lines.append("the card has no window tables (expected background not at hand): its best published limits, scaled")
            // A rate limit scales as L/L' (no background) or sqrt(L/L') (background dominated); a
            // coupling limit as their square root (the anchor's exponent): each row says which.
            lines.append(CSVText.row(["quantity", "published", "no background", "background dominated, statistics only", "scaling"]))
            for anchor in anchors {
                let reach = Projection.reach(anchor, at: newLuminosity)
                let units = anchor.units.isEmpty ? "" : " [\(anchor.units)]"
                lines.append(CSVText.row([anchor.quantity + units, f(anchor.limit), f(reach.backgroundFree), f(reach.backgroundDominated),
                                          "x \(Self.power(anchor.exponent)) and x \(Self.power(anchor.exponent / 2))"]))
            }
            lines.append("held systematics make the reach flatten beyond the background-dominated value, at a luminosity that needs the background")
        }
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
    }

    /// (L/L') to a power, as people write it: L/L', sqrt(L/L'), (L/L')^(1/4), (L/L')^0.3.
    static func power(_ exponent: Double) -> String {
        switch exponent {
        case 1: return "L/L'"
        case 0.5: return "sqrt(L/L')"
        case 0.25: return "(L/L')^(1/4)"
        default: return "(L/L')^\(SignificantDigits.format(exponent, digits: 3))"
        }
    }
}

extension Projection.Systematics: ExpressibleByArgument {}
