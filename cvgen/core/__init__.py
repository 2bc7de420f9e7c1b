"""Problems, reading files with their positions, safe writes, the character policy; imports nothing else of cvgen."""
