/// The kit's one CSV writer (as `JSONText` is for JSON): RFC 4180 fields, and '#' comment
/// lines whose text cannot break the line structure. Names with commas, quotes or newlines
/// (a scan's `name`, a model card's, a reason) go through it.
public enum CSVText {
    /// A field: as it is, or in double quotes (quotes doubled) when it holds a comma, a quote,
    /// a carriage return or a newline.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A row: every field escaped, joined by commas.
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }

    /// Text for a '#' comment line: one line, with a backslash, newline and carriage return
    /// written as \\, \n and \r (so that the text is kept and can be read back).
    public static func comment(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\r\n": result += "\\r\\n"
            default: result.append(character)
            }
        }
        return result
    }
}
