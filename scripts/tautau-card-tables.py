#!/usr/bin/env python3
"""Writes the per-mass tables of paper-data/BelleII_TauTauResonance_2023 from the collaboration's
per-mass release of arXiv:2306.12294, as copied in Jorge-Alda/tauALPs (see the card's `origin` and
PROVENANCE-per-mass-results.md beside it).

Usage: scripts/tautau-card-tables.py BelleII_taures.csv

The input must be the whole upstream file (27 columns; its SHA-256 is checked). Values are copied
as the source spells them, never re-rounded. The source lists three masses twice with identical
rows (checked here, in every column): the first of each pair is kept, the second dropped, so the
card's masses are strictly increasing as the loader requires.
"""
import csv
import hashlib
import pathlib
import sys

SHA256 = "ee968c65096393129d03b018493ddb721072b2a1c048609003c3918259fe7cfb"
FOLDER = pathlib.Path(__file__).resolve().parent.parent / "paper-data" / "BelleII_TauTauResonance_2023"
SOURCE = ("per-mass numbers of arXiv:2306.12294 as copied in github.com/Jorge-Alda/tauALPs, "
          "ALP/data/direct_searches/BelleII_taures.csv, commit 3712a23c19c7f86afee019d70f077ab09e46e64a")
BANDS = [("observed", "_UL_obs"), ("expected", "_UL_exp"), ("expected -1 sigma", "_UL_exp -1sigma"),
         ("expected +1 sigma", "_UL_exp +1sigma"), ("expected -2 sigma", "_UL_exp -2sigma"),
         ("expected +2 sigma", "_UL_exp +2sigma")]


def read_rows(path):
    data = pathlib.Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        sys.exit(f"{path}: SHA-256 {digest}, expected {SHA256} (the file the card names)")
    rows = list(csv.reader(data.decode("ascii").splitlines()))
    header = [name.strip() for name in rows[0]]
    if len(header) != 27:
        sys.exit(f"{path}: {len(header)} columns, expected 27")
    body = [[cell.strip() for cell in row] for row in rows[1:]]
    kept, dropped = [], []
    for row in body:
        if kept and float(row[0]) <= float(kept[-1][0]):
            if row != kept[-1]:
                sys.exit(f"{path}: mass {row[0]} repeats with different values; decide by hand which row to keep")
            dropped.append(row[0])
            continue
        kept.append(row)
    return header, kept, dropped


def column(header, name):
    return header.index(name)


def write_table(path, comment, mass, variables):
    """variables: list of (header name, units, [(qualifier, value)], values, errors or None)."""
    lines = [f"# {line}" for line in comment] + ["independent_variables:",
             "- header: {name: M_X, units: GeV}", "  values:"]
    lines += [f"  - value: {value}" for value in mass]
    lines.append("dependent_variables:")
    for name, units, qualifiers, values, errors in variables:
        lines.append(f"- header: {{name: \"{name}\", units: \"{units}\"}}")
        lines.append("  qualifiers:")
        lines += [f"  - {{name: \"{q}\", value: \"{v}\"}}" for q, v in qualifiers]
        lines.append("  values:")
        for index, value in enumerate(values):
            if errors is None:
                lines.append(f"  - value: {value}")
            else:
                lines.append(f"  - value: {value}")
                lines.append(f"    errors: [{{symerror: {errors[index]}, label: fit}}]")
    (FOLDER / path).write_text("\n".join(lines) + "\n")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    header, rows, dropped = read_rows(sys.argv[1])
    mass = [row[0] for row in rows]
    common = [("SQRT(S)", "10.58 GeV"), ("CL", "90%")]
    note = [f"Source: {SOURCE}.", f"Duplicate masses dropped (identical rows, first kept): {', '.join(dropped)}.",
            "Written by scripts/tautau-card-tables.py; values copied verbatim. Provenance: published (third-party copy)."]

    limits = []
    for label, suffix in BANDS:
        index = column(header, "xsec" + suffix + " [fb]")
        limits.append(("sigma(e+e- -> mu+mu- X) x BF(X -> tau+tau-) upper limit", "fb", common + [("limit", label)],
                       [row[index] for row in rows], None))
    write_table("sigma_x_bf_limits.yaml",
                ["sigma x BF(X -> tau+tau-) upper limits at 90% CL versus M_X: observed, expected median and bands."] + note,
                mass, limits)

    fitted = [("fitted sigma(e+e- -> mu+mu- X) x BF(X -> tau+tau-)", "fb", [("SQRT(S)", "10.58 GeV")],
               [row[column(header, "xsec [fb]")] for row in rows], [row[column(header, "xsec error [fb]")] for row in rows])]
    write_table("fitted_sigma_x_bf.yaml",
                ["Fitted signal sigma x BF(X -> tau+tau-) per mass with its error (signed: negative below the background)."] + note,
                mass, fitted)

    for stem, prefix, name, units, model in [
        ("g_prime", "g'", "g' upper limit", "", "L_mu - L_tau Z', neutrinos only"),
        ("xi", "xi", "xi upper limit", "", "leptophilic scalar, g_l = xi m_l / v"),
        ("c_ll_over_lambda", "{c_{\\ell\\ell}/\\Lambda}", "C_ll/Lambda upper limit", "TeV^-1",
         "ALP, C_ee = C_mumu = C_tautau, C_gammagamma = 0"),
    ]:
        variables = []
        for label, suffix in BANDS:
            key = prefix + suffix + (" [TeV^-1]" if units else "")
            variables.append((name, units, common + [("limit", label), ("model", model)],
                              [row[column(header, key)] for row in rows], None))
        write_table(f"coupling_limit_{stem}.yaml",
                    [f"The collaboration's {name} for its benchmark ({model}) at 90% CL versus M_X."] + note, mass, variables)
    print(f"wrote {len(rows)} masses; dropped duplicates {dropped}")


if __name__ == "__main__":
    main()
