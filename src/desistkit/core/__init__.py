"""The pure core: the case model, the factor catalogue, the derived views and the error tree.

Nothing here imports a document library, touches a file or reads the clock; time and keys are
passed in. An import-linter contract (pyproject.toml) keeps it so.
"""
