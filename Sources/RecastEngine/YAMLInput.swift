import Foundation
import HEPDataTables
import Yams

/// Reading the kit's YAML inputs, with errors that name the file and say what was expected.
enum YAMLInput {
    /// The decoded document of the file at `path`; `expected` describes the file when it cannot
    /// be read.
    static func load(path: String, expected: String = "a readable UTF-8 file") throws -> Any? {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputFileError(file: path, field: "(file)", expected: expected)
        }
        return try decode(text, file: path)
    }

    /// The decoded document of `text`, read from `file`.
    static func decode(_ text: String, file: String) throws -> Any? {
        do {
            return try Yams.load(yaml: text)
        } catch {
            throw InputFileError(file: file, field: "(document)", expected: "valid YAML (\(error))")
        }
    }
}
