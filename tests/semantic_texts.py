"""Texts shared by the semantic and synthetic-corpus tests (written for them)."""

from __future__ import annotations

from pathlib import Path

SOURCE = (
    "The harbour town of Velmora depended on herring for three centuries. "
    "Every spring the fleet sailed north to the cold banks, and the women salted the catch in "
    "long sheds by the quay. When the herring vanished in 1962, the canneries closed within two "
    "years and half the families emigrated to the capital. Today the old sheds house a museum, "
    "a brewery and a school for boat builders. Tourists now outnumber fishermen by twenty to "
    "one during the summer months."
)
SUSPECT = (
    "Gardening is a calm hobby for many retired people. "
    "For three hundred years Velmora, a small harbour town, lived on the herring it caught. "
    "Each spring its boats went north to the cold fishing banks, while women salted the fish in "
    "long sheds along the quay. The herring disappeared in 1962; within two years the canneries "
    "had closed and half of the families had moved to the capital. The sheds are now a museum, "
    "a brewery and a boat builders' school. Cats sleep most of the day and hunt at night."
)
SPANISH = (
    "La ciudad portuaria de Velmora vivió del arenque durante tres siglos. Cada primavera la "
    "flota navegaba hacia el norte, a los bancos fríos, y las mujeres salaban la pesca en largos "
    "cobertizos junto al muelle. Cuando el arenque desapareció en 1962, las conserveras cerraron "
    "en dos años y la mitad de las familias emigró a la capital. Hoy los viejos cobertizos "
    "albergan un museo, una cervecería y una escuela de carpinteros de ribera."
)
UNRELATED = (
    "Volcanic soils are rich in minerals, which is why vineyards climb the slopes of Etna. "
    "The growers harvest by hand in October and press the grapes the same day. "
    "Their wines are sold mostly to restaurants in Catania and Palermo. "
    "A cooperative founded in 1980 now bottles the wine of forty families."
)


TOPICS = [
    ("herring", "harbour", "fleet", "quay"),
    ("vineyard", "volcano", "harvest", "cellar"),
    ("railway", "station", "engine", "timetable"),
    ("library", "archive", "manuscript", "reader"),
    ("glacier", "valley", "meltwater", "moraine"),
]


def write_sources(folder: Path) -> list[Path]:
    paths = []
    for k, words in enumerate(TOPICS):
        sentences = [
            f"The {words[n % 4]} number {n} of story {k} was described by the {words[(n + 1) % 4]}"
            f" in its report about the {words[(n + 2) % 4]} and the {words[(n + 3) % 4]}."
            for n in range(14)
        ]
        path = folder / f"source{k}.txt"
        path.write_text(" ".join(sentences), encoding="utf-8")
        paths.append(path)
    return paths
