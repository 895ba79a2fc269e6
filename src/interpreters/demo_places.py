"""Where the demo's work happens: one prosecutors' office and one court per country, and
the rooms their sessions can hold. Synthetic names of real kinds of places."""

from __future__ import annotations

INSTITUTIONS: dict[str, tuple[str, str, str]] = {
    "MX": (
        "FEVIMTRA, Ciudad de México",
        "Juzgado de Control, Ciudad de México",
        "America/Mexico_City",
    ),
    "BZ": (
        "Office of the Director of Public Prosecutions",
        "Supreme Court, Belize City",
        "America/Belize",
    ),
    "GT": (
        "Fiscalía contra la Trata de Personas",
        "Tribunal de Sentencia Penal, Guatemala",
        "America/Guatemala",
    ),
    "SV": (
        "Unidad Especializada de Trata, San Salvador",
        "Tribunal de Sentencia, San Salvador",
        "America/El_Salvador",
    ),
    "HN": (
        "Fiscalía Especial contra la Trata, San Pedro Sula",
        "Tribunal de Sentencia, SPS",
        "America/Tegucigalpa",
    ),
    "NI": (
        "Fiscalía contra la Trata, Managua",
        "Juzgado de Distrito Penal, Managua",
        "America/Managua",
    ),
    "CR": (
        "Fiscalía Adjunta contra la Trata, San José",
        "Tribunal Penal, San José",
        "America/Costa_Rica",
    ),
    "PA": (
        "Fiscalía Especializada contra la Trata, Panamá",
        "Tribunal de Juicio, Panamá",
        "America/Panama",
    ),
    "DO": (
        "Procuraduría Especializada contra la Trata, Santo Domingo",
        "Tribunal Colegiado, Santo Domingo",
        "America/Santo_Domingo",
    ),
}
# (country, name, kind, city, zone): rooms the demo requests can hold.
ROOMS: list[tuple[str, str, str, str, str]] = [
    ("MX", "Cámara Gesell FEVIMTRA", "gesell_chamber", "Ciudad de México", "America/Mexico_City"),
    ("MX", "Sala de audiencias 3", "hearing_room", "Tijuana", "America/Tijuana"),
    ("BZ", "Video Link Room", "video_room", "Belize City", "America/Belize"),
    ("GT", "Cámara Gesell Quetzaltenango", "gesell_chamber", "Quetzaltenango", "America/Guatemala"),
    ("GT", "Sala de audiencias 1", "hearing_room", "Ciudad de Guatemala", "America/Guatemala"),
    ("SV", "Cámara Gesell San Salvador", "gesell_chamber", "San Salvador", "America/El_Salvador"),
    ("HN", "Cámara Gesell 1", "gesell_chamber", "San Pedro Sula", "America/Tegucigalpa"),
    ("HN", "Sala de audiencias 2", "hearing_room", "Tegucigalpa", "America/Tegucigalpa"),
    ("HN", "Sala de entrevistas", "interview_room", "La Ceiba", "America/Tegucigalpa"),
    ("NI", "Sala de audiencias", "hearing_room", "Managua", "America/Managua"),
    ("CR", "Cámara Gesell OIJ", "gesell_chamber", "San José", "America/Costa_Rica"),
    ("CR", "Sala de juicio 4", "hearing_room", "San José", "America/Costa_Rica"),
    ("PA", "Cámara Gesell", "gesell_chamber", "Ciudad de Panamá", "America/Panama"),
    ("DO", "Sala de videoconferencias", "video_room", "Santo Domingo", "America/Santo_Domingo"),
]
