import Foundation
import Testing
import TestSupport

/// Issue 17: hostile numbers, files and archives give a clear error and an exit code below 128
/// (no trap, no hang, no partial output), naming the option or the file and field.
@Suite struct HostileInputTests {
    /// Runs b2recast and expects a refusal: an exit code from 1 to 127 (a trap is 132 or 134),
    /// nothing on standard output, and every one of `naming` in the message.
    @discardableResult
    static func refused(_ arguments: [String], naming: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> B2RecastBinary.Output {
        let result = try B2RecastBinary.run(arguments)
        #expect(result.status > 0 && result.status < 128, "\(arguments): exit \(result.status), \(result.standardError)",
                sourceLocation: sourceLocation)
        #expect(result.standardOutput.isEmpty, "\(arguments): \(result.standardOutput)", sourceLocation: sourceLocation)
        for text in naming {
            #expect(result.standardError.contains(text), "\(arguments): \"\(text)\" not in \(result.standardError)",
                    sourceLocation: sourceLocation)
        }
        return result
    }

    // MARK: limit

    /// Counts beyond 1e6 events used to trap in a Double -> Int conversion (1e19, 1e300) or to
    /// allocate the Feldman-Cousins ranking of 1e10 counts (240 GB).
    @Test(arguments: [
        (["--observed", "1e19", "--background", "1"], "--observed"),
        (["--method", "fc", "--observed", "1e300", "--background", "1"], "--observed"),
        (["--method", "fc", "--observed", "3", "--background", "1e300"], "--background"),
        (["--method", "fc", "--observed", "3", "--background", "1e10"], "--background"),
        (["--method", "fc", "--observed", "3", "--background", "1e8"], "--background"),
        (["--observed", "3", "--background", "1", "--signal", "1e-300"], "--signal"),
        (["--observed", "3", "--background", "nan"], "--background"),
        (["--observed", "3", "--background", "1", "--signal-uncertainty", "inf"], "--signal-uncertainty"),
    ])
    func limitRefusesCountsOutOfRange(arguments: [String], option: String) throws {
        try Self.refused(["limit"] + arguments, naming: [option, "expected", "<="])
    }

    /// "-1" used to be read as a flag ("Missing value for '--observed'").
    /// A projection to an absurd luminosity (found by `fuzz --options`): the expected counts of a
    /// card with windows left the statistics' range and the error named a table or the root
    /// search, not the option.
    @Test func projectedLuminosityIsBounded() throws {
        let fixture = RecastCommandTests.repository.appendingPathComponent("Tests/Fixtures/paper-data").path
        for value in ["1e300ab-1", "1e-320fb-1"] {
            let result = try Self.refused(["project", "--search", "Fixture_Zp_invisible", "--paper-data", fixture, "--luminosity", value],
                                          naming: ["--luminosity"])
            #expect(result.standardError.contains("from 1pb-1 to 1000ab-1"))
        }
    }

    @Test func negativeObservedCountNamesTheRange() throws {
        let result = try Self.refused(["limit", "--observed", "-1", "--background", "1"], naming: ["--observed", ">= 0", "got -1"])
        #expect(!result.standardError.contains("Missing value"))
        #expect(result.status == 64)
    }

    /// The Feldman-Cousins grid is bounded before anything is allocated; 1000 observed events
    /// used to run for minutes.
    @Test func feldmanCousinsGridIsBounded() throws {
        let start = Date()
        try Self.refused(["limit", "--observed", "1000", "--background", "1", "--method", "fc"],
                         naming: ["--observed 1000", "Feldman-Cousins grid", "2e+08", "--method cls or bayes"])
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func toysAreBounded() throws {
        try Self.refused(["limit", "--observed", "3", "--background", "1", "--toys", "100000000"], naming: ["--toys", "<= 100000"])
        try Self.refused(["limit", "--observed", "3", "--background", "1", "--toys", "5"], naming: ["--toys", ">= 10"])
    }

    /// A counting-model file with a count that does not fit an Int (the YAML integer 2^63 - 1).
    @Test func modelFileCountsAreBounded() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("huge.yaml")
        try """
        format: b2recast-counting-model/1
        bins:
          - {observed: 9223372036854775807, signal: 1.0, background: 0.5}
        """.write(to: file, atomically: true, encoding: .utf8)
        try Self.refused(["limit", "--model", file.path], naming: [file.path, "bins[0].observed", "<= 1e+06"])
    }

    /// The README's two-bin `limit --model model.yaml --method bayes` with its expected band ran
    /// more than 5 minutes; now about 0.05 s in release, 0.8 s in a debug build (bound: 20 s, for
    /// a loaded CI machine). Reference values: the quadrature's limits before the closed form,
    /// observed 2.87466 and median 1.27471, six printed digits.
    @Test func readmeTwoBinBayesianExampleIsQuick() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("model.yaml")
        try """
        format: b2recast-counting-model/1
        bins:
          - {observed: 2, signal: 1.0, background: 0.5}
          - {observed: 4, signal: 2.0, background: 1.5}
        systematics:
          - {name: efficiency, target: signal, relative: 0.05}
          - {name: background, target: background, relative: [0.2, 0.3], correlated: false, constraint: lognormal}
        """.write(to: file, atomically: true, encoding: .utf8)
        let start = Date()
        let result = try B2RecastBinary.run(["limit", "--model", file.path, "--method", "bayes", "--json"])
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("\"observed\": 2.87466") && result.standardOutput.contains("\"median\": 1.27471"),
                "\(result.standardOutput)")
    }

    /// Found by `fuzz --options`: a relative uncertainty above 1 with the (truncated) Gaussian
    /// constraint was refused deep in the model ("samples[0].modifiers[0]: ... down -0.5"),
    /// naming neither the option nor the file's field.
    @Test func gaussianUncertaintiesAboveTheYieldNameTheOption() throws {
        try Self.refused(["limit", "--observed", "3", "--background", "1", "--signal-uncertainty", "1.5"],
                         naming: ["--signal-uncertainty", "<= 1", "lognormal"])
        try Self.refused(["limit", "--observed", "3", "--background", "1", "--background-uncertainty", "1.5"],
                         naming: ["--background-uncertainty", "at most --background"])
        let lognormal = try B2RecastBinary.run(["limit", "--observed", "3", "--background", "1", "--signal-uncertainty", "1.5",
                                                "--constraint", "lognormal"])
        #expect(lognormal.status == 0, "\(lognormal.standardError)")
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("model.yaml")
        try """
        format: b2recast-counting-model/1
        bins:
          - {observed: 2, signal: 1.0, background: 0.5}
        systematics:
          - {name: efficiency, target: signal, relative: 1.5}
        """.write(to: file, atomically: true, encoding: .utf8)
        try Self.refused(["limit", "--model", file.path], naming: [file.path, "systematics[0].relative", "at most 1"])
    }

    /// Found by `fuzz --options`: the benchmark and fuzz commands' own numbers (a precision of
    /// nan or 0 trapped in a Monte Carlo precondition; a negative count of inputs in a range).
    @Test(arguments: [
        (["bench", "xsec", "--precision", "nan"], "--precision"),
        (["bench", "xsec", "--precision", "0"], "--precision"),
        (["bench", "efficiencies", "--events=-1"], "--events"),
        (["bench", "limits", "--windows", "0"], "--windows"),
        (["bench", "figures", "--dpi", "1e300"], "--dpi"),
        (["fuzz", "--inputs=-1"], "--inputs"),
        (["fuzz", "--time-limit", "1e-320"], "--time-limit"),
        (["fuzz", "--options", "--run-seconds", "nan"], "--run-seconds"),
    ])
    func benchAndFuzzOptionsAreRangeChecked(arguments: [String], option: String) throws {
        try Self.refused(arguments, naming: [option, "expected"])
    }

    // MARK: widths and xsec

    /// Couplings must be finite with |g| <= 4 pi, masses within 1 MeV to 20 GeV: each of these
    /// used to trap in a physics precondition (exit 132).
    @Test(arguments: [
        (["--model", "alp", "--C-mumu", "nan", "--mass", "5"], "--C-mumu"),
        (["--model", "alp", "--C-mumu", "inf", "--mass", "5"], "--C-mumu"),
        (["--model", "alp", "--C-mumu", "1e300", "--mass", "5"], "--C-mumu"),
        (["--model", "alp", "--C-mumu", "1", "--mass", "1e10"], "--mass"),
        (["--model", "lmu-ltau", "--g-prime", "1e300", "--mass", "1"], "--g-prime"),
        (["--model", "dark-photon", "--epsilon", "1e300", "--mass", "5"], "--epsilon"),
        (["--model", "scalar", "--g-mu", "nan", "--mass", "1"], "--g-mu"),
        (["--model", "scalar", "--xi", "1", "--mass", "1e-200"], "--mass"),
        (["--model", "alp", "--C-mumu", "1", "--mass", "5", "--sqrt-s", "nan"], "--sqrt-s"),
        (["--model", "alp", "--C-mumu", "1", "--mass", "5", "--sqrt-s", "-10"], "--sqrt-s"),
        (["--model", "alp", "--C-mumu", "1", "--mass", "5", "--Lambda", "0"], "--Lambda"),
        (["--model", "lmu-ltau", "--g-prime", "0", "--mass", "1", "--bf-invisible", "0.5"], "--g-prime"),
    ])
    func widthsRefuseValuesOutOfRange(arguments: [String], option: String) throws {
        try Self.refused(["widths"] + arguments, naming: [option, "expected"])
    }

    /// The edges of the ranges are legal and give finite widths (no trap at 4 pi, 1 MeV or 20 GeV).
    @Test func widthsAtTheEdgesOfTheRanges() throws {
        for arguments in [["--model", "alp", "--C-mumu", "12.5", "--C-gammagamma", "-12.5", "--Lambda", "1", "--mass", "20"],
                          ["--model", "scalar", "--xi", "-1000", "--mass", "0.001"],
                          ["--model", "lmu-ltau", "--g-prime", "12.5", "--mass", "0.001", "--bf-invisible", "1"]] {
            let result = try B2RecastBinary.run(["widths"] + arguments + ["--precision", "0.3", "--json"])
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
            #expect(!result.standardOutput.contains("\"nan\""), "\(arguments): \(result.standardOutput)")
        }
    }

    @Test func crossSectionRefusesValuesOutOfRange() throws {
        try Self.refused(["xsec", "--process", "Aprime-hprime", "--mass", "1e300", "--dark-higgs-mass", "1"], naming: ["--mass", "<= 20 GeV"])
        try Self.refused(["xsec", "--process", "mumuX", "--boson", "vector", "--mass", "1", "--coupling", "nan"], naming: ["--coupling", "4 pi"])
        try Self.refused(["xsec", "--process", "Aprime-hprime", "--mass", "8", "--dark-higgs-mass", "5"], naming: ["sqrt(s)", "not produced"])
    }

    // MARK: error messages

    /// A usage error found while running is followed by the subcommand's usage (it used to be
    /// the top level's), and missing folders are named in a sentence, not NSCocoaErrorDomain 260.
    @Test func errorsShowTheSubcommandsUsageAndNameThePath() throws {
        let model = RecastCommandTests.repository.appendingPathComponent("examples/models/alp-universal.yaml").path
        for (arguments, usage, message) in [
            (["limit", "--observed", "-1", "--background", "1"], "Usage: b2recast limit", "--observed"),
            (["recast", "--model", model, "--paper-data", "/nonexistent-b2recast"], "Usage: b2recast recast --model",
             "/nonexistent-b2recast: (folder): expected a readable folder of search cards"),
            (["export", "likelihood", "BelleII_TauTauResonance_2023", "--output", "/nonexistent-b2recast/x.json"], "Usage: b2recast export likelihood",
             "--output /nonexistent-b2recast/x.json: the folder /nonexistent-b2recast does not exist"),
        ] {
            let result = try Self.refused(arguments, naming: [usage, message])
            #expect(!result.standardError.contains("b2recast <subcommand>") && !result.standardError.contains("NSCocoaErrorDomain"),
                    "\(result.standardError)")
        }
    }

    // MARK: model cards

    /// Card fields out of range are refused with the file, the field and the range; g_chi and
    /// C_gammagamma / C_mumu of 1e300 used to trap in a width precondition.
    @Test(arguments: [
        ("lmu-ltau", "[1.0]", "{dark_matter: {kind: dirac, g_chi: 1e300, m_chi_over_mass: 0.3}}", "parameters.dark_matter.g_chi", "from 0 to 4 pi = 12.566"),
        ("lmu-ltau", "[1.0]", "{dark_matter: {kind: dirac, g_chi: .nan, m_chi_over_mass: 0.3}}", "parameters.dark_matter.g_chi", "from 0 to 4 pi = 12.566"),
        ("lmu-ltau", "[1.0]", "{dark_matter: {kind: dirac, g_chi_over_g_prime: 13, m_chi_over_mass: 0.3}}",
         "parameters.dark_matter.g_chi_over_g_prime", "from 0 to 4 pi = 12.566"),
        ("lmu-ltau", "[1.0]", "{dark_matter: {kind: scalar, g_chi: -0.1, m_chi_over_mass: 0.3}}", "parameters.dark_matter.g_chi", "got -0.1"),
        ("lmu-ltau", "[1.0]", "{dark_matter: {kind: dirac, g_chi: 0.1, m_chi_over_mass: 0.5}}", "parameters.dark_matter.m_chi_over_mass", "from 0 to 0.4999 (below 1/2"),
        ("alp", "[5.0]", "{c_ee_over_c_mumu: 1e300}", "parameters.c_ee_over_c_mumu", "from -1e6 to 1e6"),
        ("alp", "[5.0]", "{c_gammagamma_over_c_mumu: 1e300}", "parameters.c_gammagamma_over_c_mumu", "from -1e6 to 1e6"),
        ("alp", "[5.0]", "{c_tautau_over_c_mumu: -.inf}", "parameters.c_tautau_over_c_mumu", "from -1e6 to 1e6"),
        ("lmu-ltau", "[2.0, 0.5]", "{}", "masses_GeV[1]", "increasing"),
        ("lmu-ltau", "[1.0, 12.0]", "{}", "masses_GeV[1]", "11"),
        // Below the cross-section tables' first mass (a run used to stop on the lookup).
        ("scalar", "[0.005]", "{g_mu: 1}", "masses_GeV[0]", "0.01"),
        ("scalar", "[5.0]", "{g_mu: 1, g_tau: 1e300}", "parameters.g_tau", "from -1e6 to 1e6"),
        ("alp", "[5.0]", "{C_mumu: 1, Lambda: 1e300}", "parameters.Lambda", "from 1 to 1e9 GeV"),
        ("lmu-ltau", "[0.5, 1.5]", "{invisible_branching_fraction: 0.2}", "parameters.invisible_branching_fraction",
         "at 0.5 GeV (masses_GeV[0]) the neutrinos alone give 0.5032, got 0.2"),
    ])
    func modelCardFieldsOutOfRangeAreRefused(family: String, masses: String, parameters: String, field: String, range: String) throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let card = folder.appendingPathComponent("card.yaml")
        try "format: b2recast-model-card/1\nname: hostile\nfamily: \(family)\nmasses_GeV: \(masses)\nparameters: \(parameters)\n"
            .write(to: card, atomically: true, encoding: .utf8)
        for command in ["recast", "plot"] {
            var arguments = [command, "--model", card.path]
            if command == "plot" { arguments += ["--output", folder.appendingPathComponent("figure.pdf").path] }
            try Self.refused(arguments, naming: [card.path, field, range])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["card.yaml"])
    }

    /// The adversarial pass of issue 14's commands: a coupling axis or an overlay near the
    /// smallest Double trapped in the tick computation (exit 132); an output path that is a
    /// symlink was replaced by a file; an unknown search was a bare file error.
    @Test func plotAndExportEdges() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = RecastCommandTests.repository
        let card = repository.appendingPathComponent("examples/models/scalar-tau-philic.yaml").path
        let figure = folder.appendingPathComponent("figure.pdf").path
        try Self.refused(["plot", "--model", card, "--output", figure, "--ylim", "1e-320,1"], naming: ["--ylim", "1e-30"])
        let overlay = folder.appendingPathComponent("mine.csv")
        try "mass,mine\n4,1e-320\n6,1\n".write(to: overlay, atomically: true, encoding: .utf8)
        try Self.refused(["plot", "--model", card, "--output", figure, "--overlay", overlay.path], naming: ["--overlay", "line 2"])
        let target = folder.appendingPathComponent("target")
        try "keep".write(to: target, atomically: true, encoding: .utf8)
        let link = folder.appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        try Self.refused(["export", "likelihood", "BelleII_TauTauResonance_2023", "--output", link.path,
                          "--paper-data", repository.appendingPathComponent("paper-data").path], naming: ["not a regular file"])
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep")
        try Self.refused(["export", "likelihood", "NoSuch", "--paper-data", repository.appendingPathComponent("paper-data").path],
                         naming: ["no such search", "BelleII_TauTauResonance_2023"])
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["target", "link.json", "mine.csv"])
    }

    /// The edges of the card ranges are legal, and masses up to the card's 11 GeV (above the
    /// l+l-X thresholds) give a reason per search, with the Monte Carlo cross sections too: no trap.
    @Test func modelCardEdgesAndMassesAboveThresholdsGiveReasons() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, (family, masses, parameters)) in [
            ("alp", "[5.0, 10.9]", "{c_ee_over_c_mumu: -1e6, c_tautau_over_c_mumu: 1e6, c_gammagamma_over_c_mumu: 1e6}"),
            ("lmu-ltau", "[1.0, 10.9]", "{dark_matter: {kind: scalar, g_chi: 12.566, m_chi_over_mass: 0.4999}}"),
            ("scalar", "[8.0, 10.9]", "{}"),
        ].enumerated() {
            let card = folder.appendingPathComponent("card\(index).yaml")
            try "format: b2recast-model-card/1\nname: edge\nfamily: \(family)\nmasses_GeV: \(masses)\nparameters: \(parameters)\n"
                .write(to: card, atomically: true, encoding: .utf8)
            let result = try B2RecastBinary.run(["recast", "--model", card.path, "--monte-carlo"])
            #expect(result.status == 0, "\(family): \(result.standardError)")
            #expect(result.standardOutput.contains("mass outside the search's reference limit"), "\(family): \(result.standardOutput)")
        }
    }

    /// A symlink planted at the name an older plot used for its temporary (`a.pdf.partial`) is
    /// not followed: its target keeps its bytes, and the figure is written.
    @Test func plotDoesNotFollowAPlantedPartialSymlink() throws {
        let folder = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = folder.appendingPathComponent("victim.txt")
        try "keep".write(to: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("a.pdf.partial"), withDestinationURL: victim)
        let card = RecastCommandTests.repository.appendingPathComponent("examples/models/alp-universal.yaml").path
        let result = try B2RecastBinary.run(["plot", "--model", card, "--output", folder.appendingPathComponent("a.pdf").path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep")
        #expect(try Data(contentsOf: folder.appendingPathComponent("a.pdf")).prefix(4) == Data("%PDF".utf8))
    }

    // MARK: hepdata diff and export pyhf

    /// --limit=-1 used to trap in Array.prefix.
    @Test func diffLimitMustNotBeNegative() throws {
        let record = HEPDataCommandTests.fixtures.appendingPathComponent("HEPData-ins0000000-v1-yaml").path
        try Self.refused(["hepdata", "diff", record, record, "--limit=-1"], naming: ["--limit", ">= 0"])
    }

    /// A mass outside every window used to export the nearest (edge) window silently; a
    /// fractional observed count used to be exported as it was.
    @Test func exportRefusesMassesOutsideTheWindowsAndFractionalCounts() throws {
        let scratch = try HEPDataCommandTests.scratchCopy()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let record = scratch.appendingPathComponent("HEPData-ins0000000-v1-yaml").path
        #expect(try HEPDataCommandTests.importFixture(record, in: scratch).status == 0)
        let paperData = scratch.appendingPathComponent("paper-data").path
        for mass in ["-1", "1e300", "nan", "3.6"] {
            try Self.refused(["export", "pyhf", "Fixture_Zp_import", "--mass", mass, "--paper-data", paperData],
                             naming: ["--mass", "3 windows", "1 to 3 GeV"])
        }
        let inside = try B2RecastBinary.run(["export", "pyhf", "Fixture_Zp_import", "--mass", "2.4", "--paper-data", paperData])
        #expect(inside.status == 0, "\(inside.standardError)")

        let observed = scratch.appendingPathComponent("paper-data/Fixture_Zp_import/observed.yaml")
        // Only the count: the masses (independent variables, before) keep 3.0.
        let parts = try String(contentsOf: observed, encoding: .utf8).components(separatedBy: "\ndependent_variables")
        try #require(parts.count == 2)
        try (parts[0] + "\ndependent_variables" + parts[1].replacingOccurrences(of: "value: 3.0", with: "value: 2.5"))
            .write(to: observed, atomically: true, encoding: .utf8)
        try Self.refused(["export", "pyhf", "Fixture_Zp_import", "--mass", "2", "--paper-data", paperData],
                         naming: ["observed.yaml", "observed events at 2.0 GeV", "whole number", "2.5"])
    }

    // MARK: archives

    /// Writes `archive` in `folder` with python3's tarfile or zipfile: the fixture record, plus
    /// `extra` (Python statements with `t` the open TarFile or `z` the ZipFile).
    static func archive(_ name: String, in folder: URL, extra: String) throws -> String {
        let record = HEPDataCommandTests.fixtures.appendingPathComponent("HEPData-ins0000000-v1-yaml").path
        let path = folder.appendingPathComponent(name).path
        let script = name.hasSuffix(".zip") ? """
            import zipfile, os, sys
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                for f in sorted(os.listdir(sys.argv[2])): z.write(os.path.join(sys.argv[2], f), "record/" + f)
            \(extra)
            """ : """
            import tarfile, io, sys
            with tarfile.open(sys.argv[1], "w:gz") as t:
                t.add(sys.argv[2], arcname="record")
            \(extra)
            """
        let made = try TestProcess.run(tool: "python3", ["-c", script, path, record])
        try #require(made.status == 0, "\(made.standardError)")
        return path
    }

    /// Runs b2recast with its temporary folder in `scratch/tmp`, to see what it leaves there.
    static func runWithTemporaryFolder(_ arguments: [String], scratch: URL) throws -> (B2RecastBinary.Output, [String]) {
        let temporary = scratch.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let result = try B2RecastBinary.run(arguments, environment: ["TMPDIR": temporary.path])
        return (result, try FileManager.default.contentsOfDirectory(atPath: temporary.path))
    }

    /// Device nodes, links and paths leaving the folder are refused from the listing, before
    /// anything is unpacked, and the temporary folder is gone afterwards.
    @Test(arguments: [
        ("i = tarfile.TarInfo('record/null'); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 3; t.addfile(i)", "type 'c'"),
        ("i = tarfile.TarInfo('record/fifo'); i.type = tarfile.FIFOTYPE; t.addfile(i)", "type 'p'"),
        ("i = tarfile.TarInfo('record/link.yaml'); i.type = tarfile.SYMTYPE; i.linkname = '/etc/passwd'; t.addfile(i)", "type 'l'"),
        ("i = tarfile.TarInfo('record/hard.yaml'); i.type = tarfile.LNKTYPE; i.linkname = 'record/submission.yaml'; t.addfile(i)", "type 'h'"),
        ("d = b'x'; i = tarfile.TarInfo('../escape.yaml'); i.size = 1; t.addfile(i, io.BytesIO(d))", "'../escape.yaml'"),
        ("d = b'x'; i = tarfile.TarInfo('/tmp/absolute.yaml'); i.size = 1; t.addfile(i, io.BytesIO(d))", "inside the archive"),
    ])
    func tarMembersThatAreNotPlainFilesAreRefused(extra: String, message: String) throws {
        let scratch = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = try Self.archive("record.tar.gz", in: scratch, extra: "    " + extra)
        let (result, left) = try Self.runWithTemporaryFolder(["hepdata", "check", path], scratch: scratch)
        #expect(result.status == 1 && result.standardOutput.contains(message), "\(result.standardOutput)\(result.standardError)")
        #expect(left.isEmpty, "left in the temporary folder: \(left)")
    }

    /// A 65 MB member (a few kB compressed) is refused from the listing, without unpacking it.
    @Test func oversizedZipMemberIsRefusedBeforeUnpacking() throws {
        let scratch = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = try Self.archive("record.zip", in: scratch,
                                    extra: "with zipfile.ZipFile(sys.argv[1], 'a', zipfile.ZIP_DEFLATED) as z: z.writestr('record/big.yaml', b'0' * (65 << 20))")
        let (result, left) = try Self.runWithTemporaryFolder(["hepdata", "check", path], scratch: scratch)
        #expect(result.status == 1 && result.standardOutput.contains("at most 64 MB"), "\(result.standardOutput)\(result.standardError)")
        #expect(left.isEmpty, "left in the temporary folder: \(left)")
    }

    /// check of a valid archive and diff whose second source fails both remove what they unpacked.
    @Test func unpackedArchivesAreRemoved() throws {
        let scratch = try B2RecastBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = try Self.archive("record.tar.gz", in: scratch, extra: "")
        let (checked, afterCheck) = try Self.runWithTemporaryFolder(["hepdata", "check", path], scratch: scratch)
        #expect(checked.status == 0, "\(checked.standardOutput)\(checked.standardError)")
        #expect(afterCheck.isEmpty, "check left \(afterCheck)")
        let broken = scratch.appendingPathComponent("broken.tar.gz")
        try Data("not an archive".utf8).write(to: broken)
        let (diffed, afterDiff) = try Self.runWithTemporaryFolder(["hepdata", "diff", path, broken.path], scratch: scratch)
        #expect(diffed.status == 64 && diffed.standardError.contains("broken.tar.gz"), "\(diffed.standardError)")
        #expect(afterDiff.isEmpty, "diff left \(afterDiff)")
    }

    /// A data file that is a symbolic link to a file outside the record is refused unread: none
    /// of the outside file's keys appear in the message.
    @Test func symlinkedDataFileIsNotFollowed() throws {
        let scratch = try HEPDataCommandTests.scratchCopy()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let record = scratch.appendingPathComponent("HEPData-ins0000000-v1-yaml")
        let submission = try String(contentsOf: record.appendingPathComponent("submission.yaml"), encoding: .utf8)
        let dataFile = try #require(submission.components(separatedBy: "data_file:").dropFirst().first?
            .split(separator: "\n").first?.trimmingCharacters(in: .whitespaces))
        let secret = scratch.appendingPathComponent("secret.yaml")
        try "secret_key_b2recast: 1\n".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: record.appendingPathComponent(dataFile))
        try FileManager.default.createSymbolicLink(at: record.appendingPathComponent(dataFile), withDestinationURL: secret)
        let result = try B2RecastBinary.run(["hepdata", "check", record.path])
        #expect(result.status == 1 && result.standardOutput.contains("not a symbolic link"), "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("secret_key_b2recast") && !result.standardError.contains("secret_key_b2recast"))
    }
}
