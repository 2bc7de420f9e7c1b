"""Running TeX: the pass loop, the precompiled preamble, early start, stamps, PNG and other outputs."""
