"""High-energy-physics macros that INSPIRE and ADS records carry in titles, as math.

The names and meanings follow the CMS and ATLAS publication macros (CMS's
`ptdr-definitions.sty` and `heppennames2.sty`, as INSPIRE exports them in titles such as
"... at $\\sqrt{s} = 13\\TeV$" or "\\ttbar production"); seen in public analysis repositories
that rewrite them (e.g. `\\fbinv` -> `$~\\textrm{fb}^{-1}$`). Each entry is the macro's
Unicode reading and a formula built from whitelisted math only, typeset as math under every
engine (units upright, with a thin space before them, as the CMS macros do).
"""

from __future__ import annotations

_UNIT = "\\,\\mathrm{%s}"

# macro -> (text, formula)
HEP_MACROS: dict[str, tuple[str, str]] = {
    **{name: (" " + name, _UNIT % name) for name in ("eV", "keV", "MeV", "GeV", "TeV", "PeV")},
    "GeVc": (" GeV/c", _UNIT % "GeV/\\mathit{c}"),
    "GeVcc": (" GeV/c²", _UNIT % "GeV/\\mathit{c}^{2}"),
    "MeVc": (" MeV/c", _UNIT % "MeV/\\mathit{c}"),
    "MeVcc": (" MeV/c²", _UNIT % "MeV/\\mathit{c}^{2}"),
    "fbinv": (" fb⁻¹", _UNIT % "fb" + "^{-1}"),
    "pbinv": (" pb⁻¹", _UNIT % "pb" + "^{-1}"),
    "nbinv": (" nb⁻¹", _UNIT % "nb" + "^{-1}"),
    "abinv": (" ab⁻¹", _UNIT % "ab" + "^{-1}"),
    "fb": (" fb", _UNIT % "fb"),
    "pb": (" pb", _UNIT % "pb"),
    "sqrts": ("√s", "\\sqrt{s}"),
    "sqrtsNN": ("√sNN", "\\sqrt{s_{\\mathrm{NN}}}"),
    "pt": ("pT", "p_{\\mathrm{T}}"),
    "PT": ("pT", "p_{\\mathrm{T}}"),
    "ET": ("ET", "E_{\\mathrm{T}}"),
    "ptmiss": ("pTmiss", "p_{\\mathrm{T}}^{\\mathrm{miss}}"),
    "MET": ("ETmiss", "E_{\\mathrm{T}}^{\\mathrm{miss}}"),
    "ETslash": ("ETmiss", "E_{\\mathrm{T}}^{\\mathrm{miss}}"),
    "ttbar": ("tt̄", "\\mathrm{t}\\bar{\\mathrm{t}}"),
    "bbbar": ("bb̄", "\\mathrm{b}\\bar{\\mathrm{b}}"),
    "ccbar": ("cc̄", "\\mathrm{c}\\bar{\\mathrm{c}}"),
    "qqbar": ("qq̄", "\\mathrm{q}\\bar{\\mathrm{q}}"),
    "ppbar": ("pp̄", "\\mathrm{p}\\bar{\\mathrm{p}}"),
    "PQt": ("t", "\\mathrm{t}"), "PQb": ("b", "\\mathrm{b}"), "PQc": ("c", "\\mathrm{c}"),
    "PQs": ("s", "\\mathrm{s}"), "PQu": ("u", "\\mathrm{u}"), "PQd": ("d", "\\mathrm{d}"),
    "PQq": ("q", "\\mathrm{q}"), "PQT": ("T", "\\mathrm{T}"), "PQB": ("B", "\\mathrm{B}"),
    "PAQt": ("t̄", "\\bar{\\mathrm{t}}"), "PAQb": ("b̄", "\\bar{\\mathrm{b}}"),
    "PW": ("W", "\\mathrm{W}"), "PWp": ("W⁺", "\\mathrm{W}^{+}"), "PWm": ("W⁻", "\\mathrm{W}^{-}"),
    "PWpm": ("W±", "\\mathrm{W}^{\\pm}"), "PZ": ("Z", "\\mathrm{Z}"), "PH": ("H", "\\mathrm{H}"),
    "Pgg": ("γ", "\\gamma"), "Pgm": ("μ", "\\mu"), "Pe": ("e", "\\mathrm{e}"),
    "Pgt": ("τ", "\\tau"), "Pgn": ("ν", "\\nu"), "Pp": ("p", "\\mathrm{p}"), "Pg": ("g", "\\mathrm{g}"),
    "Pgmpm": ("μ±", "\\mu^{\\pm}"), "Pepm": ("e±", "\\mathrm{e}^{\\pm}"),
    "PSg": ("g̃", "\\tilde{\\mathrm{g}}"), "PSQt": ("t̃", "\\tilde{\\mathrm{t}}"),
    "PSGczDo": ("χ̃⁰₁", "\\tilde{\\chi}^{0}_{1}"), "PSGcz": ("χ̃⁰", "\\tilde{\\chi}^{0}"),
    "PJGy": ("J/ψ", "\\mathrm{J}/\\psi"), "PgU": ("Υ", "\\Upsilon"),
}
