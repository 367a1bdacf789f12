/// A HEPData submission: submission.yaml (an optional first document of record-wide information,
/// then one document per table) and the data files its tables name.
///
/// What the kit does not interpret is kept verbatim and in order (`information`, `Entry.other`),
/// so that reading and writing a record changes nothing.
public struct HEPDataRecord: Sendable, Hashable {
    public struct Keyword: Sendable, Hashable {
        public var name: String
        public var values: [HEPDataTable.Scalar]
        public init(name: String, values: [HEPDataTable.Scalar]) {
            self.name = name
            self.values = values
        }
    }

    /// A local file or link attached to a table or to the record.
    public struct Resource: Sendable, Hashable {
        public var location, description: String
        public init(location: String, description: String) {
            self.location = location
            self.description = description
        }
    }

    public struct Entry: Sendable, Hashable {
        public var name, description: String
        public var keywords: [Keyword]
        public var dataFile: String
        public var resources: [Resource]
        /// Other keys of the table's document (location, table_doi, data_license, ...), verbatim.
        public var other: [Pair]
        public var table: HEPDataTable

        public init(name: String, description: String, keywords: [Keyword], dataFile: String,
                    resources: [Resource] = [], other: [Pair] = [], table: HEPDataTable) {
            self.name = name
            self.description = description
            self.keywords = keywords
            self.dataFile = dataFile
            self.resources = resources
            self.other = other
            self.table = table
        }

        /// The values of the keyword `name` (observables, reactions, cmenergies, phrases).
        public func keyword(_ name: String) -> [String] {
            keywords.filter { $0.name == name }.flatMap { $0.values.map(\.description) }
        }
    }

    public struct Pair: Sendable, Hashable {
        public var key: String
        public var value: YAMLValue
        public init(key: String, value: YAMLValue) {
            self.key = key
            self.value = value
        }
    }

    /// The first document when it is record-wide information (comment, record_ids, ...).
    public var information: [Pair]
    public var entries: [Entry]

    public init(information: [Pair], entries: [Entry]) {
        self.information = information
        self.entries = entries
    }

    /// The record-wide comment.
    public var comment: String? {
        guard case let .string(text)? = information.first(where: { $0.key == "comment" })?.value else { return nil }
        return text
    }

    /// The entry named `name`.
    public func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    static let entryKeys: Set<String> = [
        "name", "description", "keywords", "data_file", "additional_resources", "location", "table_doi", "data_schema",
        "data_license", "related_to_table_dois",
    ]

    /// Reads a record from its submission.yaml text; `dataFile(name)` returns the text of a data
    /// file it names (or throws). `file` names submission.yaml in errors.
    public static func parse(submission text: String, file: String, dataFile: (String) throws -> String) throws -> HEPDataRecord {
        let documents = try YAMLReader.documents(text, file: file)
        var information: [Pair] = []
        var entries: [Entry] = []
        for (index, document) in documents.enumerated() {
            let field = "document \(index + 1)"
            if case .null = document { continue }
            guard case let .mapping(pairs) = document else {
                throw InputFileError(file: file, field: field, expected: "a mapping (record information or a table)")
            }
            guard pairs.contains(where: { $0.key == "data_file" }) else {
                guard index == 0 else {
                    throw InputFileError(file: file, field: field + ".data_file", expected: "the data file of the table (only the first document may lack it)")
                }
                information = pairs.map { Pair(key: $0.key, value: $0.value) }
                continue
            }
            entries.append(try entry(pairs, field: field, file: file, dataFile: dataFile))
        }
        guard !entries.isEmpty else { throw InputFileError(file: file, field: "(document)", expected: "at least one table document") }
        for key in [\Entry.name, \Entry.dataFile] {
            var seen: Set<String> = []
            for entry in entries where !seen.insert(entry[keyPath: key]).inserted {
                throw InputFileError(file: file, field: key == \Entry.name ? "name" : "data_file",
                                     expected: "unique values; '\(entry[keyPath: key])' is used twice")
            }
        }
        return HEPDataRecord(information: information, entries: entries)
    }

    static func entry(_ pairs: [(key: String, value: YAMLValue)], field: String, file: String,
                      dataFile: (String) throws -> String) throws -> Entry {
        let reader = FieldReader(file: file)
        let root = try reader.mapping(YAMLValue.mapping(pairs).anyValue, field: field, allowed: entryKeys)
        let name = try reader.string(root["name"], field: field + ".name")
        let keywords = try reader.list(root["keywords"], field: field + ".keywords").enumerated().map { k, entry in
            let keywordField = field + ".keywords[\(k)]"
            let item = try reader.mapping(entry, field: keywordField, allowed: ["name", "values"])
            let values = try reader.list(item["values"], field: keywordField + ".values").enumerated().map { v, value in
                switch value {
                case let text as String: return HEPDataTable.Scalar.text(text)
                case let integer as Int: return .number(Double(integer))
                case let number as Double: return .number(number)
                default: throw InputFileError(file: file, field: keywordField + ".values[\(v)]", expected: "a number or a string")
                }
            }
            return Keyword(name: try reader.string(item["name"], field: keywordField + ".name"), values: values)
        }
        let resources: [Resource] = try root["additional_resources"].map { (list: Any) -> [Resource] in
            try reader.list(list, field: field + ".additional_resources").enumerated().map { (r: Int, entry: Any) -> Resource in
                let resourceField = field + ".additional_resources[\(r)]"
                let item = try reader.mapping(entry, field: resourceField, allowed: ["location", "description"])
                return Resource(location: try reader.string(item["location"], field: resourceField + ".location"),
                                description: try reader.string(item["description"], field: resourceField + ".description"))
            }
        } ?? []
        let fileName = try reader.string(root["data_file"], field: field + ".data_file")
        let text = try dataFile(fileName)
        let table = try HEPDataTable.parse(YAMLReader.document(text, file: fileName).anyValue, file: fileName)
        let known: Set<String> = ["name", "description", "keywords", "data_file", "additional_resources"]
        return Entry(name: name, description: try reader.string(root["description"], field: field + ".description"),
                     keywords: keywords, dataFile: fileName, resources: resources,
                     other: pairs.filter { !known.contains($0.key) }.map { Pair(key: $0.key, value: $0.value) }, table: table)
    }
}
