"""The tables of LaTeX commands cvgen decodes: what each prints as text.

Kept apart from the decoder so that adding a command is one line here. Every name in these
tables is rendered; any other command is reported (its arguments still print as text).
"""

from __future__ import annotations

from collections.abc import Callable

# Accent commands -> the combining character they put on the next letter.
ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361", "G": "\u030f", "U": "\u030e",
    "textogonekcentered": "\u0328", "textcircumflex": "\u0302",
}

# An accent on nothing (`\^{}`) prints the accent itself.
SPACING_ACCENTS = {
    "'": "´", "`": "`", "^": "^", '"': "¨", "~": "~", "=": "¯", ".": "˙", "u": "˘", "v": "ˇ", "H": "˝",
    "c": "¸", "k": "˛", "r": "˚",
}

LETTERS = {
    "i": "ı", "j": "ȷ", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "SS": "SS", "ae": "æ",
    "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
    "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ", "IJ": "Ĳ", "ij": "ĳ",
}

SYMBOLS = {
    "textbackslash": "\\", "textbar": "|", "textless": "<", "textgreater": ">", "ldots": "...",
    "dots": "...", "textellipsis": "...", "textendash": "–", "textemdash": "—", "textquoteleft": "‘",
    "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”", "quotedblbase": "„",
    "quotesinglbase": "‚", "guillemotleft": "«", "guillemotright": "»", "guillemetleft": "«",
    "guillemetright": "»", "guilsinglleft": "‹", "guilsinglright": "›", "textquotedbl": '"',
    "textquotesingle": "'", "textasciitilde": "~", "textasciicircum": "^", "textunderscore": "_",
    "textbullet": "•", "textperiodcentered": "·", "textdegree": "°", "copyright": "©",
    "textcopyright": "©", "textregistered": "®", "texttrademark": "™", "S": "§", "P": "¶",
    "textsection": "§", "textparagraph": "¶", "pounds": "£", "textsterling": "£", "euro": "€",
    "texteuro": "€", "EUR": "€", "textdollar": "$", "dag": "†", "ddag": "‡", "textdagger": "†",
    "textdaggerdbl": "‡", "textexclamdown": "¡", "textquestiondown": "¿", "textyen": "¥",
    "textcent": "¢", "textmu": "µ", "textonehalf": "½", "textonequarter": "¼",
    "textthreequarters": "¾", "texttimes": "×", "textdiv": "÷", "textpm": "±",
    "textordfeminine": "ª", "textordmasculine": "º", "textbraceleft": "{", "textbraceright": "}",
    "textasteriskcentered": "*", "slash": "/", "textslash": "/", "textminus": "-",
    "LaTeX": "LaTeX", "TeX": "TeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX", "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX", "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX", "AmS": "AMS", "AMS": "AMS", "ConTeXt": "ConTeXt", "METAFONT": "METAFONT",
    "ie": "i.e.", "eg": "e.g.", "etal": "et al.", "etc": "etc.",
}

# Commands that print nothing by design (spacing, line breaks, no-ops): name -> what prints.
IGNORED = {
    "relax": "", "protect": "", "null": "", "noindent": "", "unskip": "", "xspace": "",
    "ignorespaces": "", "nobreak": "", "allowbreak": "", "break": "", "hfill": " ", "hfil": " ",
    "newline": " ", "linebreak": " ", "par": " ", "space": " ", "quad": " ", "qquad": " ",
    "enspace": " ", "thinspace": " ", "nobreakspace": " ", "enskip": " ", "smallskip": " ",
    "medskip": " ", "bigskip": " ", "centering": "", "raggedright": "", "sloppy": "",
    "bibnamedelima": " ", "bibnamedelimb": " ", "bibnamedelimc": " ", "bibnamedelimd": " ",
    "bibnamedelimi": " ", "bibrangedash": "–", "hyphen": "-", "nobreakdash": "", "textnormal": "",
    "phantom": "", "strut": "", "leavevmode": "", "newblock": " ", "selectlanguage": "",
}

# Commands whose arguments are instructions, not text: name -> how many arguments to skip.
DROP_ARG = {
    "hspace": 1, "hspace*": 1, "vspace": 1, "hskip": 0, "color": 1, "selectlanguage": 1,
    "foreignlanguage": 1, "label": 1, "kern": 0, "setlength": 2, "fontencoding": 1, "fontfamily": 1,
    "fontseries": 1, "fontshape": 1, "usefont": 4, "rule": 2, "iffalse": 0, "textcolor": 1,
    "colorbox": 1, "hyphenation": 1, "vphantom": 1, "hphantom": 1, "tag": 0,
}

# Text-formatting commands: their argument prints, with this style.
BOLD = {"textbf", "mathbf", "bm", "boldsymbol", "pmb"}
ITALIC = {"textit", "emph", "textsl", "mathit", "textem"}
NEUTRAL = {
    "texttt", "textsc", "textsf", "textrm", "textup", "textmd", "mbox", "hbox", "fbox", "text",
    "textnormal", "underline", "uline", "sout", "textsuperscript", "textsubscript", "makebox",
    "NoCaseChange", "nocase", "textlf", "textsw", "textulc", "mathrm", "mathsf", "mathtt",
    "mathnormal", "ensureascii", "textlatin", "hyperlink", "textenglish", "foreignquote",
    "enquote", "mkbibquote", "mkbibemph", "mkbibbold", "textsuperscript*", "texorpdfstring",
    "acronym", "acro", "ac", "acs", "acl", "acrshort", "acrlong", "gls", "uppercase*",
}
DECLARATIONS = {
    "bf": "bold", "bfseries": "bold", "boldmath": "bold", "it": "italic", "em": "italic", "sl": "italic",
    "itshape": "italic", "slshape": "italic", "tt": "", "sc": "", "sf": "", "rm": "", "normalfont": "",
    "upshape": "", "mdseries": "", "ttfamily": "", "scshape": "", "sffamily": "", "rmfamily": "",
    "tiny": "", "scriptsize": "", "footnotesize": "", "small": "", "normalsize": "", "large": "",
    "Large": "", "LARGE": "", "huge": "", "Huge": "", "unboldmath": "", "upshape*": "",
}
CASE: dict[str, Callable[[str], str]] = {
    "MakeUppercase": str.upper, "uppercase": str.upper, "MakeTextUppercase": str.upper,
    "MakeLowercase": str.lower, "lowercase": str.lower, "MakeTextLowercase": str.lower,
}
LINKS = {"href", "url", "doi", "nolinkurl", "path"}

# Commands that only steer sorting: `{\noopsort{zz}}End` prints "End" and sorts as "zz".
NOOPSORT = {"noopsort", "noop", "sortnoop", "SortNoop", "NOOP", "nosort", "singleletter", "switchargs"}

# The AAS journal macros of NASA ADS exports (aasjournal.cls), plus \nat and \sci.
JOURNALS = {
    "aj": "AJ", "actaa": "Acta Astron.", "araa": "ARA&A", "apj": "ApJ", "apjl": "ApJL", "apjlett": "ApJL",
    "apjs": "ApJS", "apjsupp": "ApJS", "ao": "Appl. Opt.", "applopt": "Appl. Opt.", "apss": "Ap&SS",
    "aap": "A&A", "astap": "A&A", "aapr": "A&A Rev.", "aaps": "A&AS", "aapss": "A&AS", "azh": "AZh",
    "baas": "BAAS", "bac": "Bull. astr. Inst. Czechosl.", "caa": "Chinese Astron. Astrophys.",
    "cjaa": "Chinese J. Astron. Astrophys.", "icarus": "Icarus", "jcap": "J. Cosmology Astropart. Phys.",
    "jrasc": "JRASC", "memras": "MmRAS", "mnras": "MNRAS", "na": "New A", "nar": "New A Rev.",
    "pra": "Phys. Rev. A", "prb": "Phys. Rev. B", "prc": "Phys. Rev. C", "prd": "Phys. Rev. D",
    "pre": "Phys. Rev. E", "prl": "Phys. Rev. Lett.", "pasa": "PASA", "pasp": "PASP", "pasj": "PASJ",
    "rmxaa": "Rev. Mexicana Astron. Astrofis.", "qjras": "QJRAS", "skytel": "S&T", "solphys": "Sol. Phys.",
    "sovast": "Soviet Ast.", "ssr": "Space Sci. Rev.", "zap": "ZAp", "nat": "Nature", "nature": "Nature",
    "sci": "Science", "science": "Science", "iaucirc": "IAU Circ.", "aplett": "Astrophys. Lett.",
    "apspr": "Astrophys. Space Phys. Res.", "bain": "Bull. Astron. Inst. Netherlands",
    "fcp": "Fund. Cosmic Phys.", "gca": "Geochim. Cosmochim. Acta", "grl": "Geophys. Res. Lett.",
    "jcp": "J. Chem. Phys.", "jgr": "J. Geophys. Res.", "jqsrt": "J. Quant. Spec. Radiat. Transf.",
    "memsai": "Mem. Soc. Astron. Italiana", "nphysa": "Nucl. Phys. A", "physrep": "Phys. Rep.",
    "physscr": "Phys. Scr", "planss": "Planet. Space Sci.", "procspie": "Proc. SPIE", "psj": "PSJ",
    "maps": "M&PS", "aas": "AAS Meeting Abstracts", "dps": "AAS/DPS Meeting Abstracts",
}

# Math: command -> its Unicode reading. All of these are typeset as math by the renderer.
MATH_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ",
    "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ",
    "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "sim": "∼", "approx": "≈", "simeq": "≃", "cong": "≅", "equiv": "≡", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "ll": "≪", "gg": "≫", "lesssim": "≲", "gtrsim": "≳",
    "propto": "∝", "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "div": "÷", "ast": "∗",
    "star": "⋆", "circ": "∘", "bullet": "∙", "odot": "⊙", "oplus": "⊕", "otimes": "⊗", "infty": "∞",
    "partial": "∂", "nabla": "∇", "prime": "′", "ell": "ℓ", "hbar": "ℏ", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "leftrightarrow": "↔", "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔",
    "mapsto": "↦", "uparrow": "↑", "downarrow": "↓", "in": "∈", "notin": "∉", "subset": "⊂",
    "subseteq": "⊆", "supset": "⊃", "cup": "∪", "cap": "∩", "setminus": "∖", "emptyset": "∅",
    "forall": "∀", "exists": "∃", "neg": "¬", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
    "sum": "∑", "prod": "∏", "int": "∫", "oint": "∮", "sqrt": "√", "langle": "⟨", "rangle": "⟩",
    "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "mid": "|", "vert": "|", "|": "‖",
    "cdots": "⋯", "ldots": "...", "dagger": "†", "ddagger": "‡", "perp": "⊥", "parallel": "∥",
    "angle": "∠", "triangle": "△", "square": "□", "Box": "□", "aleph": "ℵ", "Re": "ℜ", "Im": "ℑ",
    "wp": "℘", "top": "⊤", "bot": "⊥", "vdash": "⊢", "models": "⊨", "colon": ":", "lbrace": "{",
    "rbrace": "}", "backslash": "\\", "oslash": "⊘", "sharp": "♯", "flat": "♭", "star*": "⋆",
}
# Named operators (\log) print their name; None marks a command whose argument is text.
MATH_WORDS: dict[str, str | None] = {
    "log": "log", "ln": "ln", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan", "max": "max",
    "min": "min", "lim": "lim", "sup": "sup", "inf": "inf", "det": "det", "deg": "deg", "arg": "arg",
    "dim": "dim", "gcd": "gcd", "Pr": "Pr", "mathrm": None, "text": None, "textrm": None, "mbox": None,
    "rm": None, "mathit": None, "mathsf": None, "mathtt": None, "mathbf": None, "textit": None,
    "textbf": None, "operatorname": None, "mathcal": None, "mathbb": None, "mathnormal": None,
}
