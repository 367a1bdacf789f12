import Foundation

/// Reading the kit's YAML (and JSON) inputs with `YAMLReader`, as the values `FieldReader` reads,
/// with errors that name the file and say what was expected.
public enum YAMLInput {
    /// The decoded document of the file at `path`; `expected` describes the file when it cannot
    /// be read.
    public static func load(path: String, expected: String = "a readable UTF-8 file") throws -> Any {
        try decode(read(path: path, expected: expected), file: path)
    }

    /// The text of the file at `path`, which must be UTF-8.
    public static func read(path: String, expected: String = "a readable UTF-8 file") throws -> String {
        // The size first: a larger file would be read whole only to be refused by the reader.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > YAMLReader.maxBytes {
            throw InputFileError(file: path, field: "(file)", expected: "at most \(YAMLReader.maxBytes >> 20) MB, got \(size) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputFileError(file: path, field: "(file)", expected: expected)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputFileError(file: path, field: "(file)", expected: "UTF-8 text")
        }
        return text
    }

    /// The one decoded document of `text`, read from `file`.
    public static func decode(_ text: String, file: String) throws -> Any {
        try YAMLReader.document(text, file: file).anyValue
    }
}
