/// Text with a TeX-like math subset, laid out as runs of one style each.
///
/// Outside `$...$` the text is taken as it is. Inside, as in TeX: Latin letters are italic,
/// digits and punctuation upright; `_x`, `_{...}`, `^x` and `^{...}` make sub- and superscripts
/// (nesting allowed); `\alpha` ... `\Omega`, `\ell`, `\pm`, `\times`, `\to`, `\sqrt`, `\infty`,
/// `\approx`, `\le`, `\ge` give their symbols; `\mathrm{...}` is upright; `\,` is a thin space;
/// `'` is a prime; `-` is a minus sign (spaced on the baseline, like `+`); spaces are ignored, and `=`, `<`, `>` and the binary
/// operators get thin spaces. As in TeX's math italic, lowercase Greek letters are italic and
/// capital Greek upright; `\mathrm{...}` and text outside `$...$` (units) stay upright.
/// Examples: `$M_{A'}$ [GeV]`, `$\epsilon^2\alpha_D$`, `$g'$`, `$\mu^+\mu^-$`, `$(g-2)_\mu$`.
///
/// The prime is the modifier-letter prime U+02B9 (Computer Modern Unicode has no U+2032), set
/// from the italic face: the upright glyph is drawn over the left of its own advance, so after an
/// italic letter it landed on the letter ("g'" read as an accented g) and in a subscript it
/// vanished into the Z of M_Z'. The italic glyph clears the letter at every script level
/// (checked at 600 dpi), and the text layer still reads "M_Z'".
public struct MathText: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// A stretch of text with one style.
    public struct Run: Sendable, Hashable {
        public var text: String
        public var italic: Bool
        /// 0 on the baseline, +1 superscript, -1 subscript, +-2 for a script of a script.
        public var level: Int

        public init(text: String, italic: Bool, level: Int) {
            self.text = text
            self.italic = italic
            self.level = level
        }
    }

    public let source: String
    public let runs: [Run]

    public init(_ source: String) {
        self.source = source
        var parser = Parser(Array(source))
        runs = parser.parseAll()
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { source }

    /// The text without styles, e.g. for a PDF title or a recorded display list.
    public var plainText: String { runs.map(\.text).joined() }

    /// Font size factor of a script level (TeX's script and scriptscript sizes, 7/10 and 5/10).
    public static func sizeFactor(level: Int) -> Double {
        switch abs(level) {
        case 0: return 1
        case 1: return 0.7
        default: return 0.5
        }
    }

    /// Baseline shift of a level, in units of the base font size (up positive).
    public static func rise(level: Int) -> Double {
        switch level {
        case 0: return 0
        case 1: return 0.36
        case -1: return -0.2
        case 2...: return 0.55
        default: return -0.32
        }
    }

    static let symbols: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
        "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
        "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "ell": "ℓ", "pm": "±", "times": "×", "to": "→",
        "rightarrow": "→", "sqrt": "√", "infty": "∞", "approx": "≈", "le": "≤", "ge": "≥", "cdot": "·",
        ",": "\u{2009}", " ": " ", "%": "%",
    ]

    /// Lowercase Greek commands, set italic as in TeX (cmmi); capitals stay upright.
    static let italicGreek: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "kappa", "lambda", "mu", "nu",
        "xi", "pi", "rho", "sigma", "tau", "phi", "varphi", "chi", "psi", "omega",
    ]

    private struct Parser {
        let characters: [Character]
        var index = 0
        var runs: [Run] = []

        init(_ characters: [Character]) { self.characters = characters }

        mutating func parseAll() -> [Run] {
            var plain = ""
            while index < characters.count {
                let character = characters[index]
                index += 1
                if character == "$" {
                    append(plain, italic: false, level: 0)
                    plain = ""
                    parseMath(level: 0, until: "$")
                } else {
                    plain.append(character)
                }
            }
            append(plain, italic: false, level: 0)
            return runs
        }

        mutating func append(_ text: String, italic: Bool, level: Int) {
            guard !text.isEmpty else { return }
            if var last = runs.last, last.italic == italic, last.level == level {
                last.text += text
                runs[runs.count - 1] = last
            } else {
                runs.append(Run(text: text, italic: italic, level: level))
            }
        }

        /// Parses math up to `terminator` (or the end), at a script level.
        mutating func parseMath(level: Int, until terminator: Character, upright: Bool = false) {
            while index < characters.count {
                let character = characters[index]
                if character == terminator {
                    index += 1
                    return
                }
                parseAtom(level: level, upright: upright)
            }
        }

        /// One token: a character, a command, a group, or a script.
        mutating func parseAtom(level: Int, upright: Bool) {
            let character = characters[index]
            index += 1
            switch character {
            case "_", "^":
                let target = character == "^" ? max(level, 0) + 1 : min(level, 0) - 1
                parseScriptArgument(level: target, upright: upright)
            case "{":
                parseMath(level: level, until: "}", upright: upright)
            case "\\":
                parseCommand(level: level, upright: upright)
            case "'":
                // The modifier-letter prime (U+02B9), italic: see the type's comment.
                append("\u{02B9}", italic: true, level: level)
            case "-":
                append(level == 0 ? "\u{2009}−\u{2009}" : "−", italic: false, level: level)
            case "+":
                append(level == 0 ? "\u{2009}+\u{2009}" : "+", italic: false, level: level)
            case " ":
                break  // as in TeX, spaces in math are ignored; operators bring their own
            case "=", "<", ">":
                append(level == 0 ? "\u{2009}\(character)\u{2009}" : String(character), italic: false, level: level)
            default:
                append(String(character), italic: !upright && character.isLetter && character.isASCII, level: level)
            }
        }

        mutating func parseScriptArgument(level: Int, upright: Bool) {
            guard index < characters.count else { return }
            if characters[index] == "{" {
                index += 1
                parseMath(level: level, until: "}", upright: upright)
            } else {
                parseAtom(level: level, upright: upright)
            }
        }

        mutating func parseCommand(level: Int, upright: Bool) {
            var name = ""
            while index < characters.count, characters[index].isLetter {
                name.append(characters[index])
                index += 1
            }
            if name.isEmpty, index < characters.count {
                name = String(characters[index])
                index += 1
            }
            if name == "mathrm" || name == "text" {
                if index < characters.count, characters[index] == "{" {
                    index += 1
                    parseMath(level: level, until: "}", upright: true)
                }
                return
            }
            guard let symbol = MathText.symbols[name] else {
                append("\\" + name, italic: false, level: level)
                return
            }
            let spaced = ["pm", "times", "to", "rightarrow", "approx", "le", "ge"].contains(name) && level == 0
            let italic = !upright && MathText.italicGreek.contains(name)
            append(spaced ? "\u{2009}\(symbol)\u{2009}" : symbol, italic: italic, level: level)
        }
    }
}
