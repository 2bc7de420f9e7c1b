"""load -> validate -> enrich -> render -> compile, each a plain function call.

`check` (pipeline/checking.py) runs the stages that need no TeX and reports every problem at
once; `build` (pipeline/building.py) adds enriching, the backends and TeX, and is the one
orchestration `cvgen build`, `cvgen watch` and the tests call. `progress` is what a person sees
meanwhile. Each half is imported only when asked for: `cvgen check` loads no TeX or backend
code, and `cvgen build` starts TeX before it imports the model and the readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cvgen.pipeline.building import BuildOptions, BuildResult, build, enrich, render_text
    from cvgen.pipeline.checking import Checked, check, json_schema

__all__ = ["BuildOptions", "BuildResult", "Checked", "build", "check", "enrich", "json_schema", "render_text"]
_BUILDING = ("BuildOptions", "BuildResult", "build", "enrich", "render_text")
_CHECKING = ("Checked", "check", "json_schema")


def __getattr__(name: str) -> Any:
    if name in _BUILDING:
        from cvgen.pipeline import building

        return getattr(building, name)
    if name in _CHECKING:
        from cvgen.pipeline import checking

        return getattr(checking, name)
    raise AttributeError(f"module 'cvgen.pipeline' has no attribute {name!r}")
