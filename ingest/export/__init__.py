"""Exports: one module per format (`formats.REGISTRY` names them), and versioned BagIt bags of them
(`versions.export_volume`). Importing the package loads neither: the command line reads the format
list without the writers."""
