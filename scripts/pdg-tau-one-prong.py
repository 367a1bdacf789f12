#!/usr/bin/env python3
"""Writes paper-data/reference/tau-decays/tau-one-prong-pdg2026.csv from the PDG's own Python API.

Needs the PyPI package `pdg` (version 2026.0, which ships the 2026 edition database):
    python3 -m venv /tmp/pdg && /tmp/pdg/bin/pip install pdg==2026.0
    /tmp/pdg/bin/python scripts/pdg-tau-one-prong.py > paper-data/reference/tau-decays/tau-one-prong-pdg2026.csv
"""
import warnings

import pdg

warnings.filterwarnings("ignore")
api = pdg.connect()

# (kit name, PDG identifier) of the tau branching fractions the kit's one-prong model uses.
fractions = [
    ("one_prong_total", "S035.219"),
    ("electron", "S035.2"),
    ("muon", "S035.1"),
    ("pion", "S035.12"),
    ("kaon", "S035.7"),
    ("pion_pi0", "S035.16"),
    ("hadron_two_or_more_pi0", "S035.19"),
]
# (kit name, PDG particle name) of the masses it needs.
masses = [
    ("tau", "tau-"), ("electron", "e-"), ("muon", "mu-"), ("charged_pion", "pi+"),
    ("neutral_pion", "pi0"), ("charged_kaon", "K+"), ("rho_770", "rho(770)0"), ("a1_1260", "a_1(1260)0"),
]

print(f"# PDG {api.default_edition} via the pdg Python API {pdg.__version__}; quantity,name,pdg_id,description,value,error")
for name, identifier in fractions:
    entry = api.get(f"{identifier}/{api.default_edition}")
    print(f'branching_fraction,{name},{identifier},"{entry.description}",{entry.value!r},{entry.error!r}')
for name, particle in masses:
    entry = api.get_particle_by_name(particle)
    print(f'mass_GeV,{name},{entry.pdgid},"{particle}",{entry.mass!r},{entry.mass_error!r}')
