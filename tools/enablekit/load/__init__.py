"""Files to model: YAML with source positions, front matter, Git provenance, the repository.

Loading never decides what is right or wrong beyond "this file can be read"; what can't be
read becomes a problem with the file's own line and column, and loading goes on.
"""
