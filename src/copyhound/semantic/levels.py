"""The sensitivity levels of semantic detection, in a module light enough for the command
line to import when it builds its options (the detection itself loads numpy and a model)."""

SENSITIVITIES = ("low", "normal", "high")
